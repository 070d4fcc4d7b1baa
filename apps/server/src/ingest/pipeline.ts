import type { Bus } from "../platform/bus/bus.ts";
import type { Clock } from "../platform/clock.ts";
import type { Metrics } from "../platform/metrics.ts";
import { type Claim, type ClaimStore, claimOf, type HeldClaim } from "./claims.ts";
import type { DeadLetterStore } from "./dead-letters.ts";
import type { Enrichment } from "./enrich/index.ts";
import { type EventRow, toLogEvent } from "./event-row.ts";
import type { EventWriter, WriteResult } from "./event-writer.ts";
import { type InputPolicy, refusalText } from "./policy/input-policy.ts";
import { prepareEvent } from "./prepare.ts";
import type { IngestContext, IngestOutcome, IngestSink } from "./sink.ts";

interface Prepared {
  index: number;
  row: EventRow;
}

// A sender id seen within the window on a different record (or whose first event is gone).
const REUSED_ID =
  "event_id (or Idempotency-Key) already used within the idempotency window for a different event";

const refused = (index: number, error: string, type: string) => ({
  index,
  error,
  details: [{ field: type === "conflict" ? "event_id" : "event", message: error, type }],
});

/**
 * The ingest pipeline: prepare each record (validate → input policy → normalize → classify → sanitize
 * → enrich), store the good ones with group commit, keep the bad ones as dead letters, then publish what was committed.
 */
export class IngestPipeline implements IngestSink {
  constructor(
    private readonly writer: EventWriter,
    private readonly deadLetters: DeadLetterStore,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly claims: ClaimStore,
    private readonly policy: InputPolicy,
    /** Adds country, AS, site… to each accepted event before it is stored (ingest/enrich). */
    private readonly enrichment: Enrichment,
    /** Resolves when the node may write more (detection's backpressure); none by default. */
    private readonly admit: () => Promise<void> = async () => undefined,
  ) {}

  async submit(records: unknown[], ctx: IngestContext): Promise<IngestOutcome> {
    const stopTimer = this.metrics.ingestDuration.startTimer({ receiver: ctx.receiver });
    const errors: IngestOutcome["errors"] = [];
    const prepared = await this.prepare(records, ctx, errors);
    // Only records that passed every check claim their sender id: a refused one claims nothing.
    const claims = new Map<EventRow, Claim>();
    for (const { index, row } of prepared) {
      const claim = claimOf(records[index], index, ctx);
      if (claim) claims.set(row, claim);
    }
    let written: WriteResult;
    try {
      await this.admit();
      written = await this.writer.write(
        prepared.map((p) => p.row),
        claims,
      );
    } catch (error) {
      this.keepRefused(records, errors, ctx);
      throw error;
    }
    const answered = await this.answers(prepared, written, claims, errors);
    errors.sort((a, b) => a.index - b.index);
    this.keepRefused(records, errors, ctx);
    // Each row in the API's shape once: the answer's and the published events are the same objects.
    const events = answered.map((a) => toLogEvent(a.row));
    const fresh = events.filter((_, i) => answered[i]!.fresh);
    this.metrics.ingestEvents.inc({ receiver: ctx.receiver, outcome: "accepted" }, fresh.length);
    stopTimer();
    if (fresh.length) await this.bus.publish("events.ingested", { events: fresh });
    return { ids: answered.map((a) => a.row.id), events, errors };
  }

  /** Prepares every record under the input policy; the refused ones go to `errors`. */
  private async prepare(records: unknown[], ctx: IngestContext, errors: IngestOutcome["errors"]) {
    const now = this.clock.now();
    const limits = this.policy.limitsAt(now);
    const prepared: Prepared[] = [];
    records.forEach((record, index) => {
      const result = prepareEvent(record, ctx, now, limits);
      if (result.ok) prepared.push({ index, row: result.row });
      else errors.push({ index, error: result.error, details: result.details });
    });
    const refusals = await this.policy.siteRefusals(prepared, ctx);
    for (const [index, detail] of refusals)
      errors.push({ index, error: refusalText(detail), details: [detail] });
    const accepted = refusals.size ? prepared.filter((p) => !refusals.has(p.index)) : prepared;
    this.enrichment.enrich(accepted.map((p) => p.row));
    return accepted;
  }

  /**
   * The row to answer with for each prepared record, in submission order: its own when stored now, the
   * one stored the first time for a retry; refused rows and reused ids go to `errors` instead.
   */
  private async answers(
    prepared: Prepared[],
    written: WriteResult,
    claims: Map<EventRow, Claim>,
    errors: IngestOutcome["errors"],
  ): Promise<{ row: EventRow; fresh: boolean }[]> {
    const retried = prepared.filter((p) => written.duplicates.has(p.row)).map((p) => claims.get(p.row)!);
    const held = retried.length
      ? await this.claims.held(
          retried[0]!.scope,
          retried.map((c) => c.clientId),
        )
      : new Map<string, HeldClaim>();
    const answered: { row: EventRow; fresh: boolean }[] = [];
    for (const { index, row } of prepared) {
      const refusal = written.refused.get(row);
      const claim = claims.get(row);
      const first = written.duplicates.has(row) && claim ? held.get(claim.clientId) : undefined;
      if (refusal !== undefined) errors.push(refused(index, refusal, "storage"));
      else if (!written.duplicates.has(row)) answered.push({ row, fresh: true });
      else if (first?.event && first.fingerprint === claim?.fingerprint)
        answered.push({ row: first.event, fresh: false });
      else errors.push(refused(index, REUSED_ID, "conflict"));
    }
    return answered;
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
