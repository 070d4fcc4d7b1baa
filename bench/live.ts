// `npm run bench:live`: live delivery under load. Starts a Vigie server (embedded storage, or
// DATABASE_URL / REDIS_URL when set), connects BENCH_CLIENTS live clients (half SSE, half Socket.IO,
// each following one of 30 sites as a site's screen would, BENCH_FIREHOSE of them unfiltered), ingests
// BENCH_RATE events/s for BENCH_SECONDS through the batch API, and reports ingest-to-client latency
// (p50/p99: received time minus the event's timestamp, set when its batch is sent) and server RSS.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createParser } from "eventsource-parser";
import { io, type Socket } from "socket.io-client";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 500);
const FIREHOSE = Number(process.env.BENCH_FIREHOSE ?? 4);
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_MS = 2_000;
const TICK_MS = 50;
const SITES = Array.from({ length: 30 }, (_, i) => `AUDIO_${String(i + 1).padStart(3, "0")}`);
const INGEST_TOKEN = "vgi_bench_live_ingest_token_0123456789";
const PASSWORD = "bench-password-123";

const latencies: number[] = [];
/** Delivery time after the batch's ingest response: the live path alone, without storage. */
const afterResponse: number[] = [];
const respondedAt = new Map<string, number>();
const ingestMs: number[] = [];
let measuring = false;
const record = (timestamp: string) => {
  if (!measuring) return;
  const now = Date.now();
  latencies.push(now - Date.parse(timestamp));
  const responded = respondedAt.get(timestamp);
  if (responded !== undefined) afterResponse.push(now - responded);
};

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigie-bench-live-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(port, dataDir);
  try {
    await waitHealthy(base);
    const token = await login(base);
    const rss = sampleRss(server.pid!);
    const clients = await connectAll(base, token);
    console.log(
      `${clients.sse.length} SSE + ${clients.sockets.length} Socket.IO clients connected (${FIREHOSE} unfiltered)`,
    );
    const sent = await ingest(base);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    report({
      sent,
      rss: rss.stop(),
      dropped: clients.sse.filter((c) => c.ended).length,
      storage: process.env.DATABASE_URL ? "postgres" : "embedded",
    });
    for (const s of clients.sockets) s.disconnect();
    for (const c of clients.sse) c.abort.abort();
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function startServer(port: number, dataDir: string): ChildProcess {
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    VIGIE_DATA_DIR: dataDir,
    VIGIE_ADMIN_USERNAME: "admin",
    VIGIE_ADMIN_PASSWORD: PASSWORD,
    VIGIE_INGEST_TOKEN: INGEST_TOKEN,
    VIGIE_RATE_LIMIT_API: "0",
    VIGIE_RATE_LIMIT_AUTH: "0",
    LOG_LEVEL: "warn",
  };
  const server = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return server;
}

type SseClient = { abort: AbortController; ended: boolean };

async function connectAll(base: string, token: string): Promise<{ sse: SseClient[]; sockets: Socket[] }> {
  const sse: Promise<SseClient>[] = [];
  const sockets: Promise<Socket>[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const site = i < FIREHOSE ? null : SITES[i % SITES.length]!;
    if (i % 2) sockets.push(connectSocket(base, token, site));
    else sse.push(connectSse(base, token, site));
    if (i % 50 === 49) await Promise.all([...sse, ...sockets]);
  }
  return { sse: await Promise.all(sse), sockets: await Promise.all(sockets) };
}

async function connectSse(base: string, token: string, site: string | null): Promise<SseClient> {
  const client: SseClient = { abort: new AbortController(), ended: false };
  const filter = site ? `&site_id=${site}` : "";
  const res = await fetch(`${base}/api/v1/logs/stream?token=${token}${filter}`, {
    signal: client.abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`SSE answered ${res.status}`);
  const parser = createParser({
    onEvent: (e) => record((JSON.parse(e.data) as { timestamp: string }).timestamp),
  });
  const decoder = new TextDecoder();
  void (async () => {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
      parser.feed(decoder.decode(chunk, { stream: true }));
  })()
    .catch(() => undefined)
    .finally(() => {
      client.ended = !client.abort.signal.aborted;
    });
  return client;
}

function connectSocket(base: string, token: string, site: string | null): Promise<Socket> {
  const socket = io(base, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  socket.on("new_event", (e: { timestamp: string }) => record(e.timestamp));
  return new Promise((resolve, reject) => {
    socket.once("connected", async () => {
      if (site) await socket.timeout(5_000).emitWithAck("subscribe_site", { site_id: site });
      resolve(socket);
    });
    socket.once("connect_error", reject);
  });
}

/** Sends RATE events/s in batches every TICK_MS for SECONDS; returns how many were stored. */
async function ingest(base: string): Promise<number> {
  const perTick = Math.round((RATE * TICK_MS) / 1000);
  const started = Date.now();
  const inFlight = new Set<Promise<void>>();
  let stored = 0;
  let n = 0;
  for (let tick = 0; Date.now() - started < SECONDS * 1000; tick++) {
    measuring = Date.now() - started >= WARMUP_MS;
    const timestamp = new Date().toISOString();
    const events = Array.from({ length: perTick }, () => ({
      source_type: "firewall",
      event_type: "connection_blocked",
      source_ip: `10.0.${n % 250}.${n++ % 200}`,
      site_id: SITES[n % SITES.length],
      timestamp,
    }));
    const request = fetch(`${base}/api/v1/logs/ingest/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    })
      .then(async (res) => {
        respondedAt.set(timestamp, Date.now());
        if (measuring) ingestMs.push(Date.now() - Date.parse(timestamp));
        if (res.ok) stored += ((await res.json()) as { created: number }).created;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    const wait = started + (tick + 1) * TICK_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  return stored;
}

function sampleRss(pid: number): { stop(): { peakMb: number; endMb: number } } {
  const read = () =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  let peak = read();
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, 500);
  return {
    stop() {
      clearInterval(timer);
      const end = read();
      return { peakMb: Math.max(peak, end), endMb: end };
    },
  };
}

function report(run: {
  sent: number;
  rss: { peakMb: number; endMb: number };
  dropped: number;
  storage: string;
}): void {
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p: number, values = sorted) =>
    values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? Number.NaN;
  const live = afterResponse.sort((a, b) => a - b);
  const ingestSorted = ingestMs.sort((a, b) => a - b);
  const result = {
    clients: CLIENTS,
    firehose_clients: FIREHOSE,
    rate_per_s: RATE,
    seconds: SECONDS,
    storage: run.storage,
    bus: process.env.REDIS_URL ? "redis" : "memory",
    events_stored: run.sent,
    deliveries_measured: sorted.length,
    latency_ms: { p50: pct(50), p90: pct(90), p99: pct(99), max: sorted.at(-1) ?? Number.NaN },
    ingest_response_ms: { p50: pct(50, ingestSorted), p99: pct(99, ingestSorted) },
    delivery_after_response_ms: { p50: pct(50, live), p99: pct(99, live) },
    server_rss_mb: { peak: Math.round(run.rss.peakMb), end: Math.round(run.rss.endMb) },
    sse_clients_dropped: run.dropped,
  };
  console.log(
    `stored ${run.sent} events in ${SECONDS} s; ${sorted.length} deliveries measured after a ${WARMUP_MS / 1000} s warm-up`,
  );
  console.log(
    `latency p50 ${result.latency_ms.p50} ms, p90 ${result.latency_ms.p90} ms, p99 ${result.latency_ms.p99} ms, max ${result.latency_ms.max} ms`,
  );
  console.log(
    `  of which the ingest request (storage): p50 ${result.ingest_response_ms.p50} ms, p99 ${result.ingest_response_ms.p99} ms;`,
  );
  console.log(
    `  delivery after the ingest response: p50 ${result.delivery_after_response_ms.p50} ms, p99 ${result.delivery_after_response_ms.p99} ms`,
  );
  console.log(
    `server RSS peak ${result.server_rss_mb.peak} MB, end ${result.server_rss_mb.end} MB; SSE clients dropped: ${run.dropped}`,
  );
  console.log(JSON.stringify(result));
}

async function waitHealthy(base: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("server did not become healthy");
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
