import type { Bus } from "../platform/bus/bus.ts";
import type { Clock } from "../platform/clock.ts";
import type { DeadLetterStore } from "./dead-letters.ts";
import { type EventRow, toLogEvent } from "./event-row.ts";
import type { EventWriter } from "./event-writer.ts";
import { prepareEvent } from "./prepare.ts";
import type { IngestContext, IngestOutcome, IngestSink } from "./sink.ts";

/** Counters the pipeline keeps for /metrics. */
export interface IngestStats {
  accepted: Record<string, number>;
  rejected: Record<string, number>;
}

/**
 * The ingest pipeline: prepare each record (validate → normalize → classify → sanitize), store the
 * good ones with group commit, keep the bad ones as dead letters, then publish what was committed.
 */
export class IngestPipeline implements IngestSink {
  readonly stats: IngestStats = { accepted: {}, rejected: {} };

  constructor(
    private readonly writer: EventWriter,
    private readonly deadLetters: DeadLetterStore,
    private readonly bus: Bus,
    private readonly clock: Clock,
  ) {}

  async submit(records: unknown[], ctx: IngestContext): Promise<IngestOutcome> {
    const now = this.clock.now();
    const rows: EventRow[] = [];
    const errors: IngestOutcome["errors"] = [];
    records.forEach((record, index) => {
      const prepared = prepareEvent(record, ctx, now);
      if (prepared.ok) rows.push(prepared.row);
      else errors.push({ index, error: prepared.error, details: prepared.details });
    });
    void this.deadLetters.record(
      errors.map((e) => ({ receiver: ctx.receiver, clientIp: ctx.clientIp ?? null, reason: e.error, payload: records[e.index] })),
    );
    this.count(ctx.receiver, rows.length, errors.length);
    await this.writer.write(rows);
    const events = rows.map(toLogEvent);
    if (events.length) await this.bus.publish("events.ingested", { events });
    return { ids: rows.map((r) => r.id), events, errors };
  }

  private count(receiver: string, accepted: number, rejected: number): void {
    this.stats.accepted[receiver] = (this.stats.accepted[receiver] ?? 0) + accepted;
    this.stats.rejected[receiver] = (this.stats.rejected[receiver] ?? 0) + rejected;
  }
}
