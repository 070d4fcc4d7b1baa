import type { LogEvent } from "@vigie/contracts";

/** Who handed the records to the pipeline, and what it forces on them. */
export interface IngestContext {
  /** Receiver name, e.g. "http", "audiosoc-v1", "syslog-udp", "scenario": labels metrics and dead letters. */
  receiver: string;
  /** Client address as the receiver saw it (HTTP client IP, syslog sender). */
  clientIp?: string | null;
  /** A site-bound ingest token or a syslog sender network forces this site on every record. */
  forcedSiteId?: string | null;
  /** Site used when a record names none and nothing is forced. */
  defaultSiteId?: string | null;
  /**
   * Whose sender ids these are (the ingest token): set by the HTTP receivers, which take `event_id`
   * and Idempotency-Key; without it nothing is claimed.
   */
  idempotencyScope?: string | null;
  /** The request's Idempotency-Key: the default id of each record that names no `event_id`. */
  idempotencyKey?: string | null;
  /** Set by the raw endpoint: each record is a shipper's document, recognised first (`format`: only that one). */
  recognise?: { format?: string } | null;
  /**
   * Set by the syslog receivers: device lines nobody can be answered about. The input policy keeps them
   * instead of refusing (unregistered site accepted, bad address moved to metadata, a date older than
   * retention replaced by the receive time); docs/INGEST-POLICY.md.
   */
  deviceLines?: boolean;
  /** Set by the scenario runner on the events it emits. */
  scenarioRunId?: string | null;
}

/** What happened to a submitted list: ids of stored records and the rejected ones by index. */
export interface IngestOutcome {
  ids: string[];
  /** The stored events, in submission order of the accepted records. */
  events: LogEvent[];
  errors: { index: number; error: string; details?: { field: string; message: string; type: string }[] }[];
}

/**
 * The single entry of the ingest pipeline (validate → normalize → classify → sanitize → store → publish).
 * Every receiver calls it; it resolves only after the stored records are committed.
 */
export interface IngestSink {
  submit(records: unknown[], ctx: IngestContext): Promise<IngestOutcome>;
}
