import type { Rule } from "@vigie/contracts";
import type { Logger } from "pino";
import type { Firing } from "./types.ts";

/** Firings written per transaction at most (more wait for the next one). */
const FIRINGS_PER_COMMIT = 500;
/** Evaluated events marked per transaction at most. */
const EVENTS_PER_COMMIT = 20_000;
/** Pause after a failed commit, doubling up to the maximum while storage stays down. */
const RETRY_MS = { first: 250, max: 5_000 } as const;

/** A firing, the event whose evaluation completed it, and the rule version it came from. */
export interface EvaluatedFiring {
  firing: Firing;
  event_id: string;
  rule: Rule;
}

/** One evaluated batch: every event evaluated and the firings they produced. */
export interface EvaluatedBatch {
  events: string[];
  firings: EvaluatedFiring[];
}

/** What one commit stores: the events leave the detection position's pending set with the alerts. */
export type CommitEvaluation = (
  evaluation: { events: string[]; firings: (Firing & { event_id: string })[] },
  ruleOf: (ruleId: string) => Rule | undefined,
) => Promise<unknown[]>;

/** Where committed batches are reported. */
export interface CommitQueueHooks {
  commit: CommitEvaluation;
  committed(events: readonly string[], alerts: number): void;
  logger: Logger;
}

/**
 * Commits evaluated batches in arrival order, several per transaction, while evaluation goes on. A
 * failed commit is retried (with backoff) rather than dropped: its firings exist nowhere else. Once
 * stopping, a failed commit is given up: its events stay pending in storage and the next start
 * evaluates them again (docs/adr/0005, addendum).
 */
export class CommitQueue {
  #queue: EvaluatedBatch[] = [];
  #draining: Promise<void> | null = null;
  #stopping = false;
  #wake: (() => void) | null = null;

  constructor(private readonly hooks: CommitQueueHooks) {}

  /** Queues a batch for commit. */
  push(batch: EvaluatedBatch): void {
    this.#queue.push(batch);
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
    });
  }

  /** Resolves once every queued batch is committed (or, when stopping, given up). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /** Commits what is queued, without retrying a failure (the queue may be used again afterwards). */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.idle();
    this.#stopping = false;
  }

  async #drain(): Promise<void> {
    let retryMs: number = RETRY_MS.first;
    while (this.#queue.length) {
      const taken = this.#take();
      try {
        const alerts = await this.hooks.commit(evaluationOf(taken), ruleLookup(taken));
        this.#queue.splice(0, taken.length);
        this.hooks.committed(
          taken.flatMap((batch) => batch.events),
          alerts.length,
        );
        retryMs = RETRY_MS.first;
      } catch (error) {
        const firings = taken.reduce((n, batch) => n + batch.firings.length, 0);
        this.hooks.logger.error({ err: error, firings }, "detection results could not be stored");
        if (this.#stopping) return void this.#queue.splice(0);
        await this.#pause(retryMs);
        retryMs = Math.min(RETRY_MS.max, retryMs * 2);
      }
    }
  }

  /** The batches of the next transaction: at least one, then as many as fit its bounds. */
  #take(): EvaluatedBatch[] {
    const taken: EvaluatedBatch[] = [];
    let firings = 0;
    let events = 0;
    for (const batch of this.#queue) {
      const fits =
        firings + batch.firings.length <= FIRINGS_PER_COMMIT &&
        events + batch.events.length <= EVENTS_PER_COMMIT;
      if (taken.length && !fits) break;
      taken.push(batch);
      firings += batch.firings.length;
      events += batch.events.length;
    }
    return taken;
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function evaluationOf(batches: readonly EvaluatedBatch[]) {
  return {
    events: batches.flatMap((batch) => batch.events),
    firings: batches.flatMap((batch) =>
      batch.firings.map(({ firing, event_id }) => ({ ...firing, event_id })),
    ),
  };
}

function ruleLookup(batches: readonly EvaluatedBatch[]) {
  const rules = new Map(
    batches.flatMap((batch) => batch.firings.map(({ rule }) => [rule.id, rule] as const)),
  );
  return (id: string) => rules.get(id);
}
