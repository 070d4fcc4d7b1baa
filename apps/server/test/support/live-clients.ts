import { createParser, type EventSourceMessage } from "eventsource-parser";
import { io, type Socket } from "socket.io-client";

/** An open SSE stream read by a test: what arrived so far, and a way to wait for more. */
export interface SseStream {
  status: number;
  contentType: string | null;
  events: EventSourceMessage[];
  comments: string[];
  /** Resolves once `check` passes on what arrived (rejects after `timeoutMs`). */
  waitFor(check: (s: SseStream) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens an SSE stream like a browser's EventSource would, with optional extra headers. */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseStream & { body: string }> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  const stream: SseStream & { body: string } = {
    status: res.status,
    contentType: res.headers.get("content-type"),
    events: [],
    comments: [],
    body: "",
    waitFor: (check, timeoutMs = 5_000) => until(() => check(stream), timeoutMs),
    close: () => abort.abort(),
  };
  if (!res.ok || !res.body) {
    stream.body = await res.text();
    return stream;
  }
  const parser = createParser({
    onEvent: (e) => stream.events.push(e),
    onComment: (c) => stream.comments.push(c.trim()),
  });
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
        parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // Aborted by the test or dropped by the server: the stream simply ends.
    }
  })();
  return stream;
}

/** Polls until the check passes. */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** A Socket.IO client that records every server event it receives. */
export interface RecordingSocket {
  socket: Socket;
  received: { name: string; payload: unknown }[];
  of(name: string): unknown[];
  /** Emits a client event and waits for the server's acknowledgement. */
  request(name: string, payload: unknown): Promise<{ ok: boolean; room?: string; error?: string }>;
  close(): void;
}

/** Connects over WebSocket with this token; resolves once connected, rejects with the refusal message. */
export function connectSocket(baseUrl: string, token: string | undefined): Promise<RecordingSocket> {
  const socket = io(baseUrl, {
    auth: token === undefined ? {} : { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  const received: RecordingSocket["received"] = [];
  socket.onAny((name: string, payload: unknown) => received.push({ name, payload }));
  const client: RecordingSocket = {
    socket,
    received,
    of: (name) => received.filter((r) => r.name === name).map((r) => r.payload),
    request: (name, payload) => socket.timeout(3_000).emitWithAck(name, payload),
    close: () => void socket.disconnect(),
  };
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(client));
    socket.once("connect_error", (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}
