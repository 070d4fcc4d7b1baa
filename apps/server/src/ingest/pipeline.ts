import type { Bus } from "../platform/bus/bus.ts";
import type { Clock } from "../platform/clock.ts";
import type { Metrics } from "../platform/metrics.ts";
import type { DeadLetterStore } from "./dead-letters.ts";
import { type EventRow, toLogEvent } from "./event-row.ts";
import type { EventWriter } from "./event-writer.ts";
import { prepareEvent } from "./prepare.ts";
import type { Refusals } from "./refused-rows.ts";
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
    const prepared: { index: number; row: EventRow }[] = [];
    const errors: IngestOutcome["errors"] = [];
    records.forEach((record, index) => {
      const result = prepareEvent(record, ctx, now);
      if (result.ok) prepared.push({ index, row: result.row });
      else errors.push({ index, error: result.error, details: result.details });
    });
    let refused: Refusals;
    try {
      await this.admit();
      refused = await this.writer.write(prepared.map((p) => p.row));
    } catch (error) {
      this.keepRefused(records, errors, ctx);
      throw error;
    }
    const stored: EventRow[] = [];
    for (const { index, row } of prepared) {
      const reason = refused.get(row);
      if (reason === undefined) stored.push(row);
      else
        errors.push({
          index,
          error: reason,
          details: [{ field: "event", message: reason, type: "storage" }],
        });
    }
    errors.sort((a, b) => a.index - b.index);
    this.keepRefused(records, errors, ctx);
    this.metrics.ingestEvents.inc({ receiver: ctx.receiver, outcome: "accepted" }, stored.length);
    stopTimer();
    const events = stored.map(toLogEvent);
    if (events.length) await this.bus.publish("events.ingested", { events });
    return { ids: stored.map((r) => r.id), events, errors };
  }

  // Refused records become dead letters in the background: the client already has its answer.
  private keepRefused(records: unknown[], errors: IngestOutcome["errors"], ctx: IngestContext): void {
    this.metrics.ingestEvents.inc({ receiver: ctx.receiver, outcome: "rejected" }, errors.length);
    void this.deadLetters.record(
      errors.map((e) => ({
        receiver: ctx.receiver,
        clientIp: ctx.clientIp ?? null,
        reason: e.error,
        payload: records[e.index],
      })),
    );
  }
}
