import type { Bus } from "../platform/bus/bus.ts";
import type { Clock } from "../platform/clock.ts";
import type { Metrics } from "../platform/metrics.ts";
import type { DeadLetterStore } from "./dead-letters.ts";
import { type EventRow, toLogEvent } from "./event-row.ts";
import type { EventWriter } from "./event-writer.ts";
import { prepareEvent } from "./prepare.ts";
import type { IngestContext, IngestOutcome, IngestSink } from "./sink.ts";

/**
 * The ingest pipeline: prepare each record (validate → normalize → classify → sanitize), store the
 * good ones with group commit, keep the bad ones as dead letters, then publish what was committed.
 */
export class IngestPipeline implements IngestSink {
  constructor(
    private readonly writer: EventWriter,
    private readonly deadLetters: DeadLetterStore,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    /** Resolves when the node may write more (detection's backpressure); none by default. */
    private readonly admit: () => Promise<void> = async () => undefined,
  ) {}

  async submit(records: unknown[], ctx: IngestContext): Promise<IngestOutcome> {
    const stopTimer = this.metrics.ingestDuration.startTimer({ receiver: ctx.receiver });
    const now = this.clock.now();
    const rows: EventRow[] = [];
    const errors: IngestOutcome["errors"] = [];
    records.forEach((record, index) => {
      const prepared = prepareEvent(record, ctx, now);
      if (prepared.ok) rows.push(prepared.row);
      else errors.push({ index, error: prepared.error, details: prepared.details });
    });
    void this.deadLetters.record(
      errors.map((e) => ({
        receiver: ctx.receiver,
        clientIp: ctx.clientIp ?? null,
        reason: e.error,
        payload: records[e.index],
      })),
    );
    this.metrics.ingestEvents.inc({ receiver: ctx.receiver, outcome: "rejected" }, errors.length);
    await this.admit();
    await this.writer.write(rows);
    this.metrics.ingestEvents.inc({ receiver: ctx.receiver, outcome: "accepted" }, rows.length);
    stopTimer();
    const events = rows.map(toLogEvent);
    if (events.length) await this.bus.publish("events.ingested", { events });
    return { ids: rows.map((r) => r.id), events, errors };
  }
}
