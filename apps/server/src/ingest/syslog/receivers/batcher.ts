import type { IngestSink } from "../../sink.ts";
import { AuditEvents } from "./audit-events.ts";
import type { ReceiverStats } from "./types.ts";

/** Settings of a batcher; the defaults suit a site's worth of devices. */
export interface BatcherOptions {
  sink: IngestSink;
  /** Receiver name handed to the sink ("syslog-udp", "syslog-tcp", "syslog-tls"). */
  receiver: string;
  stats: ReceiverStats;
  /** Largest batch handed to one `submit` (default 500). */
  maxRecords?: number;
  /** Longest a record waits for its batch to fill (default 50 ms). */
  maxDelayMs?: number;
  /** Records queued or in flight at which the batcher reports itself saturated (default 10,000). */
  highWater?: number;
}

interface Pending {
  siteId: string;
  clientIp: string;
  records: unknown[];
}

/**
 * Groups records into one `sink.submit` per site and sender (up to `maxRecords`, or after `maxDelayMs`),
 * and tells receivers when the sink falls behind so they can pause or drop instead of buffering. The
 * records of one Linux audit event are joined into one first (`audit-events.ts`).
 */
export class Batcher {
  /** Batches being filled, by site then sender: two lookups and no key string built per record. */
  private readonly pending = new Map<string, Map<string, Pending>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly drainListeners = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private queued = 0;
  private readonly maxRecords: number;
  private readonly maxDelayMs: number;
  private readonly highWater: number;
  private readonly auditEvents = new AuditEvents((record, siteId, clientIp) =>
    this.queue(record, siteId, clientIp),
  );

  constructor(private readonly options: BatcherOptions) {
    this.maxRecords = options.maxRecords ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 50;
    this.highWater = options.highWater ?? 10_000;
  }

  /** True while too many records wait for the sink; receivers stop reading (TCP) or drop (UDP). */
  get saturated(): boolean {
    return this.queued >= this.highWater;
  }

  /** Calls `listener` each time a saturated batcher has room again. */
  onDrain(listener: () => void): void {
    this.drainListeners.add(listener);
  }

  /** Queues one record of `siteId` received from `clientIp`. */
  push(record: unknown, siteId: string, clientIp: string): void {
    this.auditEvents.push(record, siteId, clientIp);
  }

  private queue(record: unknown, siteId: string, clientIp: string): void {
    let bySender = this.pending.get(siteId);
    if (!bySender) {
      bySender = new Map();
      this.pending.set(siteId, bySender);
    }
    let batch = bySender.get(clientIp);
    if (!batch) {
      batch = { siteId, clientIp, records: [] };
      bySender.set(clientIp, batch);
    }
    batch.records.push(record);
    this.queued++;
    if (batch.records.length >= this.maxRecords) this.submit(batch);
    else this.timer ??= setTimeout(() => this.submitAll(), this.maxDelayMs);
  }

  /** Submits everything queued and waits until the sink has answered for all of it. */
  async flush(): Promise<void> {
    this.auditEvents.drain();
    this.submitAll();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private submitAll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const bySender of this.pending.values()) for (const batch of bySender.values()) this.submit(batch);
  }

  private submit(batch: Pending): void {
    const bySender = this.pending.get(batch.siteId);
    bySender?.delete(batch.clientIp);
    if (bySender?.size === 0) this.pending.delete(batch.siteId);
    const { sink, receiver, stats } = this.options;
    const count = batch.records.length;
    const ctx = { receiver, clientIp: batch.clientIp, forcedSiteId: batch.siteId, deviceLines: true };
    const done: Promise<void> = Promise.resolve()
      .then(() => sink.submit(batch.records, ctx))
      .then(
        (outcome) => {
          stats.stored += outcome.ids.length;
          stats.rejectedRecords += outcome.errors.length;
        },
        () => {
          stats.submitErrors++;
          stats.lostRecords += count;
        },
      )
      .finally(() => this.settle(done, count));
    this.inFlight.add(done);
    stats.submitted += count;
  }

  private settle(done: Promise<void>, count: number): void {
    this.inFlight.delete(done);
    const wasSaturated = this.saturated;
    this.queued -= count;
    if (wasSaturated && !this.saturated) for (const listener of this.drainListeners) listener();
  }
}
