import type { IngestSink } from "../../sink.ts";

/** Counters of one receiver, read by metrics; the receiver only ever increments them. */
export interface ReceiverStats {
  /** Messages read off the wire (datagrams, frames). */
  received: number;
  /** Messages (UDP) or connections (TCP/TLS) refused because the sender maps to no site. */
  rejectedSenders: number;
  /** UDP datagrams dropped because the queue of datagrams waiting to be parsed was full (parsing or sink behind). */
  dropped: number;
  /** UDP: datagrams the kernel dropped because the socket's receive buffer was full (Linux, read every second). */
  kernelDropped?: number;
  /** UDP: the socket's kernel receive buffer in bytes, as the kernel reports it (Linux: twice what it granted). */
  receiveBufferBytes?: number;
  /** Messages cut at `maxMessageBytes`. */
  truncated: number;
  /** Records handed to the sink, stored by it, refused by its validation, lost to a failing submit. */
  submitted: number;
  stored: number;
  rejectedRecords: number;
  lostRecords: number;
  submitErrors: number;
  /** TCP/TLS connections accepted in total, open now, closed for idleness, failed TLS handshakes. */
  connections: number;
  openConnections: number;
  idleTimeouts: number;
  tlsErrors: number;
}

/** What every receiver needs; the integrator builds it from config (see `startSyslogReceivers`). */
export interface ReceiverOptions {
  port: number;
  /** Address to bind (default "0.0.0.0"). */
  host?: string;
  sink: IngestSink;
  /** The site of a sender address, or null to refuse it (counted in `rejectedSenders`). */
  resolveSite(senderIp: string): string | null;
  /** Longest message kept; longer ones are cut and flagged `metadata.truncated` (default 64 KiB). */
  maxMessageBytes?: number;
  /** A TCP/TLS connection silent this long is closed (default 5 minutes). */
  idleTimeoutMs?: number;
  /** Batching of `sink.submit` calls (defaults: 500 records, 50 ms, high water 10,000). */
  batch?: { maxRecords?: number; maxDelayMs?: number; highWater?: number };
  /** Clock for year-less timestamps (tests). */
  now?: () => Date;
}

/** A running receiver. */
export interface Receiver {
  /** The bound port (useful when asked for port 0). */
  port: number;
  stats: ReceiverStats;
  /** Stops listening, closes connections, and waits until every received message reached the sink. */
  close(): Promise<void>;
}

/** Fresh zeroed counters. */
export function emptyStats(): ReceiverStats {
  return {
    received: 0,
    rejectedSenders: 0,
    dropped: 0,
    truncated: 0,
    submitted: 0,
    stored: 0,
    rejectedRecords: 0,
    lostRecords: 0,
    submitErrors: 0,
    connections: 0,
    openConnections: 0,
    idleTimeouts: 0,
    tlsErrors: 0,
  };
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

/** "::ffff:10.0.0.1" (IPv4 on a dual-stack socket) as "10.0.0.1". */
export function senderAddress(address: string | undefined): string {
  // Called for every datagram: the common case (no mapped prefix) costs one comparison.
  if (!address) return "";
  return address.startsWith(":") ? address.replace(/^::ffff:(?=\d+\.)/i, "") : address;
}
