import { errors } from "../http/errors.ts";
import type { Database } from "../platform/db/database.ts";
import { toPgJson } from "../platform/db/pg-json.ts";
import { EVENT_COLUMNS, type EventRow } from "./event-row.ts";
import { dayOf, PartitionManager } from "./partitions.ts";

interface Pending {
  rows: EventRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Tuning of the group commit. */
export interface WriterOptions {
  /** Rows per INSERT statement at most (a single larger request still goes in one statement). */
  maxBatchRows?: number;
  /** Rows waiting beyond this are refused with 503 instead of growing memory. */
  maxQueuedRows?: number;
}

const COLUMN_TYPES: Record<string, string> = {
  id: "uuid",
  timestamp: "timestamptz",
  received_at: "timestamptz",
  source_port: "integer",
  dest_port: "integer",
  raw: "jsonb",
  normalized: "jsonb",
  metadata: "jsonb",
  scenario_run_id: "uuid",
  created_at: "timestamptz",
  updated_at: "timestamptz",
};
const quoted = EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");
const recordType = EVENT_COLUMNS.map((c) => `"${c}" ${COLUMN_TYPES[c] ?? "text"}`).join(", ");
// One statement stores the rows and records them in the search backlog (indexed later, off this path).
const INSERT_SQL = `WITH backlog AS (INSERT INTO search_backlog (first_ts, last_ts, ids) VALUES ($2, $3, $4::uuid[]))
  INSERT INTO events (${quoted}) SELECT ${quoted} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})`;

/**
 * Group commit: concurrent write requests are queued and flushed together as one multi-row
 * statement; each request resolves only once its rows are committed.
 */
export class EventWriter {
  private readonly queue: Pending[] = [];
  private queuedRows = 0;
  private inFlight = 0;
  private scheduled = false;
  private readonly partitions: PartitionManager;
  private readonly maxBatchRows: number;
  private readonly maxQueuedRows: number;

  constructor(
    private readonly db: Database,
    options: WriterOptions = {},
  ) {
    this.partitions = new PartitionManager(db.pool);
    this.maxBatchRows = options.maxBatchRows ?? 5_000;
    this.maxQueuedRows = options.maxQueuedRows ?? 200_000;
  }

  /** Rows waiting for a flush (a queue depth for /metrics). */
  get depth(): number {
    return this.queuedRows;
  }

  /** Queues rows; resolves after their commit, rejects with 503 when storage fails or the queue is full. */
  write(rows: EventRow[]): Promise<void> {
    if (!rows.length) return Promise.resolve();
    if (this.queuedRows + rows.length > this.maxQueuedRows) {
      return Promise.reject(errors.unavailable("Ingest queue is full, retry shortly", 2));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      this.schedule();
    });
  }

  /** Resolves once everything queued so far is committed (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length || this.inFlight) await new Promise((r) => setTimeout(r, 10));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Wait for the rest of this turn so requests arriving together share one statement.
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < this.db.concurrency && this.queue.length) void this.flush(this.take());
    });
  }

  private take(): Pending[] {
    const batch: Pending[] = [];
    let rows = 0;
    while (
      this.queue.length &&
      (rows === 0 || rows + (this.queue[0]?.rows.length ?? 0) <= this.maxBatchRows)
    ) {
      const next = this.queue.shift()!;
      batch.push(next);
      rows += next.rows.length;
    }
    this.queuedRows -= rows;
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    this.inFlight++;
    try {
      const rows = batch.flatMap((p) => p.rows);
      await this.partitions.ensure(new Set(rows.map((r) => dayOf(r.timestamp))));
      await this.db.pool.query(INSERT_SQL, [toPgJson(rows), ...backlogOf(rows)]);
      for (const p of batch) p.resolve();
    } catch {
      const failure = errors.unavailable("Event storage is unavailable, retry shortly");
      for (const p of batch) p.reject(failure);
    } finally {
      this.inFlight--;
      if (this.queue.length) this.schedule();
    }
  }
}

/** The search backlog entry of a batch: its time span (for partition pruning) and its ids. */
function backlogOf(rows: EventRow[]): [Date, Date, string[]] {
  let first = rows[0]!.timestamp;
  let last = first;
  for (const { timestamp } of rows) {
    if (timestamp < first) first = timestamp;
    if (timestamp > last) last = timestamp;
  }
  return [first, last, rows.map((r) => r.id)];
}
