import type { LogEvent } from "@vigie/contracts";

/**
 * Every message that crosses the bus, by topic. Published only after the data they describe is
 * committed; the Redis Streams adapter carries the same map between nodes.
 */
export interface BusEvents {
  "events.ingested": { events: LogEvent[] };
  "event.updated": { event: LogEvent };
  "alert.raised": { alert: Record<string, unknown> };
  "alert.updated": { alert: Record<string, unknown> };
  /** A case was opened or changed (docs/CASES.md): consoles showing it refresh. */
  "case.changed": { case: Record<string, unknown> };
  "scenario.control": { run_id: string; action: "pause" | "resume" | "stop" | "speed"; speed?: number };
  "rules.changed": { rule_id: string | null };
  "users.changed": { user_id: string };
  "ingest_tokens.changed": { token_id: string };
  "sites.changed": { site_id: string };
  "indicators.changed": { source: string };
}
/** A bus topic. */
export type Topic = keyof BusEvents;
/** A subscriber; may be async, its errors are reported, never thrown at the publisher. */
export type Handler<T extends Topic> = (payload: BusEvents[T]) => void | Promise<void>;

/** Whether the bus can carry messages now, for `/health`. */
export interface BusHealth {
  status: "up" | "down";
  /** Round trip to the broker, when there is one and it answered. */
  latency_ms?: number;
}

/** The bus port: in-process (embedded) or Redis Streams (scaled). */
export interface Bus {
  publish<T extends Topic>(topic: T, payload: BusEvents[T]): Promise<void>;
  /** Every node's subscribers receive the message (fan-out: live clients, caches). */
  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void;
  /**
   * Exactly one consumer of the named group receives each message (detection); with the in-process
   * adapter this is the same as subscribe.
   */
  consume<T extends Topic>(topic: T, group: string, handler: Handler<T>): () => void;
  /** Checks the bus now (never rejects): a broker round trip, or always up in process. */
  health(): Promise<BusHealth>;
  close(): Promise<void>;
}
