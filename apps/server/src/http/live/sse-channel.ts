import type { ServerResponse } from "node:http";
import { API_HEADERS } from "../security-headers.ts";
import { RecentMessages } from "./recent-messages.ts";
import { passes, type StreamFilter, type StreamMessage } from "./stream-items.ts";

/** Sizes of a channel: how much history it keeps for resume, how far behind a client may fall. */
export interface SseChannelLimits {
  historySize: number;
  /** A client whose unsent bytes exceed this is disconnected (it reconnects and resumes). */
  maxBufferedBytes: number;
}

// The stream is hijacked from fastify, so it sends the API's security headers itself.
const HEADERS = {
  ...API_HEADERS,
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  connection: "keep-alive",
  // Tells nginx not to buffer this response even where proxy_buffering is on.
  "x-accel-buffering": "no",
};

/** One open SSE response and whose it is. */
export interface SseClient {
  readonly res: ServerResponse;
  readonly filter: StreamFilter;
  readonly userId: string;
}

/**
 * One SSE stream (logs or alerts) on this node: its open clients and recent history. Each message's
 * frame is built once; a client's share of a batch is written in one go; a client that does not
 * read is dropped before its buffer grows past the limit.
 */
export class SseChannel {
  private readonly recent: RecentMessages;
  private readonly clients = new Set<SseClient>();
  /** Clients disconnected for falling behind, since start (for metrics). */
  dropped = 0;

  constructor(private readonly limits: SseChannelLimits) {
    this.recent = new RecentMessages(limits.historySize);
  }

  /** Open clients on this node. */
  get size(): number {
    return this.clients.size;
  }

  /** Starts the stream on a response, first replaying what followed `lastEventId` when this node still has it. */
  open(res: ServerResponse, filter: StreamFilter, userId: string, lastEventId: string | null): SseClient {
    res.writeHead(200, HEADERS);
    const client: SseClient = { res, filter, userId };
    this.clients.add(client);
    res.on("close", () => this.clients.delete(client));
    const missed = lastEventId ? this.recent.after(lastEventId) : [];
    const replay =
      missed === null ? ": resume point no longer held, streaming from now\n\n" : frames(missed, filter);
    this.send(client, `retry: 3000\n\n: connected\n\n${replay}`);
    return client;
  }

  /** Remembers the messages and sends each client those that pass its filter. */
  publish(messages: StreamMessage[]): void {
    for (const message of messages) this.recent.push(message);
    const byFilter = new Map<string, string>();
    for (const client of this.clients) {
      const key = `${client.filter.site_id ?? ""}\u0000${client.filter.severity ?? ""}`;
      let chunk = byFilter.get(key);
      if (chunk === undefined) {
        chunk = frames(messages, client.filter);
        byFilter.set(key, chunk);
      }
      if (chunk) this.send(client, chunk);
    }
  }

  /** Sends an SSE comment to every client (keepalive). */
  comment(text: string): void {
    for (const client of this.clients) this.send(client, `: ${text}\n\n`);
  }

  /** Ends the streams of the clients that match (all by default). */
  disconnect(match: (client: SseClient) => boolean = () => true): void {
    for (const client of this.clients) {
      if (!match(client)) continue;
      this.clients.delete(client);
      client.res.end();
    }
  }

  private send(client: SseClient, chunk: string): void {
    if (client.res.writableLength > this.limits.maxBufferedBytes) {
      this.dropped++;
      this.clients.delete(client);
      client.res.destroy();
      return;
    }
    client.res.write(chunk);
  }
}

function frames(messages: StreamMessage[], filter: StreamFilter): string {
  let out = "";
  for (const message of messages) if (passes(message, filter)) out += message.frame;
  return out;
}
