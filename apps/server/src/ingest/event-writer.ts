import { errors } from "../http/errors.ts";
import type { Database } from "../platform/db/database.ts";
import type { Claim } from "./claims.ts";
import type { EventRow } from "./event-row.ts";
import { dayOf, PartitionManager } from "./partitions.ts";
import { type Refusals, storeRefusingBadRows } from "./refused-rows.ts";
import { type RowInserter, recordsetInserter } from "./row-inserters.ts";

/** What became of a write's rows besides being stored (keyed by row: look up your own). */
export interface WriteResult {
  /** Rows the database or its encoder refused, with why. */
  refused: Refusals;
  /** Rows whose sender id a live claim already held: stored before, not stored again. */
  duplicates: Set<EventRow>;
}

interface Pending {
  rows: EventRow[];
  claims: Map<EventRow, Claim> | undefined;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

export type WriterLoad = "idle" | "writing" | "saturated";

/** Tuning of the group commit. */
export interface WriterOptions {
  /** Rows per flush at most (a single larger request still goes in one flush). */
  maxBatchRows?: number;
  /** Rows waiting beyond this are refused with 503 instead of growing memory. */
  maxQueuedRows?: number;
  /** How a batch reaches the database (default: one statement, which every engine runs). */
  inserter?: RowInserter;
  /** How long a sender's event id holds (VIGIE_IDEMPOTENCY_WINDOW_HOURS). */
  idempotencyWindowSeconds?: number;
}

/**
 * Group commit: concurrent write requests are queued and flushed together as one write through the
 * row inserter (COPY or one statement); each request resolves only once its rows are committed.
 */
export class EventWriter {
  private readonly queue: Pending[] = [];
  private queuedRows = 0;
  /** Rollup slots of the flushes in flight (their number is how many run at once). */
  private readonly busySlots = new Set<number>();
  private scheduled = false;
  private readonly partitions: PartitionManager;
  private readonly maxBatchRows: number;
  private readonly maxQueuedRows: number;
  private readonly inserter: RowInserter;
  private readonly windowSeconds: number;

  constructor(
    private readonly db: Database,
    options: WriterOptions = {},
  ) {
    this.partitions = new PartitionManager(db.pool);
    this.maxBatchRows = options.maxBatchRows ?? 1_000;
    this.maxQueuedRows = options.maxQueuedRows ?? 200_000;
    this.inserter = options.inserter ?? recordsetInserter;
    this.windowSeconds = options.idempotencyWindowSeconds ?? 86_400;
  }

  /** Rows waiting for a flush (a queue depth for /metrics). */
  get depth(): number {
    return this.queuedRows;
  }

  /**
   * What this node's ingest asks of the database now: nothing, some writes, or all it takes (every
   * flush slot in use or rows waiting). Background work (the search indexer) paces itself on it.
   */
  get load(): WriterLoad {
    if (this.queue.length > 0 || this.busySlots.size >= this.db.concurrency) return "saturated";
    return this.busySlots.size > 0 ? "writing" : "idle";
  }

  /**
   * Queues rows (with the sender ids to claim for some); resolves after their commit with the rows not
   * stored (refused, or duplicates of an earlier event), rejects with 503 when storage fails or the
   * queue is full.
   */
  write(rows: EventRow[], claims?: Map<EventRow, Claim>): Promise<WriteResult> {
    if (!rows.length) return Promise.resolve({ refused: new Map(), duplicates: new Set() });
    if (this.queuedRows + rows.length > this.maxQueuedRows) {
      return Promise.reject(errors.unavailable("Ingest queue is full, retry shortly", 2));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, claims, resolve, reject });
      this.queuedRows += rows.length;
      this.schedule();
    });
  }

  /** Resolves once everything queued so far is committed (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length || this.busySlots.size) await new Promise((r) => setTimeout(r, 10));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Wait for the rest of this turn so requests arriving together share one statement.
    setImmediate(() => {
      this.scheduled = false;
      while (this.busySlots.size < this.db.concurrency && this.queue.length) void this.flush(this.take());
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
    // The lowest rollup slot no other flush of this node holds (see migration 0007).
    let slot = 0;
    while (this.busySlots.has(slot)) slot++;
    this.busySlots.add(slot);
    try {
      const { rows, claims, duplicates } = claimsOf(batch);
      await this.partitions.ensure(new Set(rows.map((r) => dayOf(r.timestamp))));
      const batchClaims = claims.size ? { claims, windowSeconds: this.windowSeconds } : null;
      // One bad row must not fail the requests flushed beside it, nor the good rows of its own.
      const refused = await storeRefusingBadRows(rows, async (part) => {
        for (const row of await this.inserter.insert(this.db.pool, part, slot, batchClaims))
          duplicates.add(row);
      });
      for (const p of batch) p.resolve({ refused, duplicates });
    } catch {
      const failure = errors.unavailable("Event storage is unavailable, retry shortly");
      for (const p of batch) p.reject(failure);
    } finally {
      this.busySlots.delete(slot);
      if (this.queue.length) this.schedule();
    }
  }
}

/**
 * The rows and claims of a flush. Two rows of one flush with the same sender id (a retry sent while
 * the first try is in flight) cannot both be claimed in one statement: the later is a duplicate now.
 */
function claimsOf(batch: Pending[]) {
  const rows: EventRow[] = [];
  const claims = new Map<EventRow, Claim>();
  const duplicates = new Set<EventRow>();
  const seen = new Set<string>();
  for (const pending of batch) {
    for (const row of pending.rows) {
      const claim = pending.claims?.get(row);
      const key = claim && `${claim.scope}\u0000${claim.clientId}`;
      if (key && seen.has(key)) {
        duplicates.add(row);
        continue;
      }
      if (claim && key) {
        seen.add(key);
        claims.set(row, claim);
      }
      rows.push(row);
    }
  }
  return { rows, claims, duplicates };
}
