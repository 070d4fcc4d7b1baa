// Part of deploy/smoke.sh: live updates through nginx. Signs in at the edge, opens an SSE stream and a
// Socket.IO client (long-polling first, then the WebSocket upgrade, as a browser does), ingests one
// event through the edge and one straight into node B, and expects both on both clients.
import { createParser } from "eventsource-parser";
import { io } from "socket.io-client";

const edge = process.env.SMOKE_EDGE!;
const nodeB = process.env.SMOKE_NODE_B!;
const ingestToken = process.env.SMOKE_INGEST_TOKEN!;

async function main(): Promise<void> {
  const login = await post(`${edge}/api/v1/auth/login`, {
    username: "admin",
    password: process.env.SMOKE_ADMIN_PASSWORD,
  });
  const token = (login as { access_token: string }).access_token;
  const sseIds = new Set<string>();
  const abort = new AbortController();
  const stream = await fetch(`${edge}/api/v1/logs/stream?token=${token}`, { signal: abort.signal });
  if (stream.status !== 200 || !stream.body) throw new Error(`SSE through nginx answered ${stream.status}`);
  const parser = createParser({ onEvent: (e) => e.event === "log" && e.id && sseIds.add(e.id) });
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>)
      parser.feed(decoder.decode(chunk, { stream: true }));
  })().catch(() => undefined);

  const socketIds = new Set<string>();
  const socket = io(edge, { auth: { token }, reconnection: false });
  socket.on("new_event", (e: { id: string }) => socketIds.add(e.id));
  await new Promise<void>((resolve, reject) => {
    socket.once("connected", () => resolve());
    socket.once("connect_error", reject);
  });
  await waitFor(
    () => socket.io.engine.transport.name === "websocket",
    "Socket.IO upgrade to WebSocket through nginx",
  );

  const viaEdge = (await post(
    `${edge}/api/v1/logs/ingest`,
    { source_type: "auth", event_type: "smoke_edge" },
    ingestToken,
  )) as { id: string };
  const viaB = (await post(
    `${nodeB}/api/v1/logs/ingest`,
    { source_type: "auth", event_type: "smoke_node_b" },
    ingestToken,
  )) as { id: string };
  await waitFor(() => sseIds.has(viaEdge.id) && sseIds.has(viaB.id), "both events on the SSE stream");
  await waitFor(() => socketIds.has(viaEdge.id) && socketIds.has(viaB.id), "both events on Socket.IO");
  socket.disconnect();
  abort.abort();
}

async function post(url: string, body: unknown, bearer?: string): Promise<unknown> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`smoke-live: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
