import type { LogEvent, Rule } from "@vigie/contracts";
import type { Logger } from "pino";
import type { Bus } from "../platform/bus/bus.ts";
import type { Clock } from "../platform/clock.ts";
import { evaluateEvent, type RuleFailure, RuleSet } from "./engine-core.ts";
import type { WindowStore } from "./state/window-store.ts";
import type { DetectionEvent, Firing } from "./types.ts";

/** Events waiting for evaluation beyond which new batches are dropped (and counted) instead of growing memory. */
export const MAX_QUEUED_EVENTS = 500_000;
/**
 * Ingest on this node waits while more events than this are received and not yet evaluated (about a
 * tenth of a second of evaluation for 50 rules), but never longer than `waitMs`.
 */
export const INGEST_BACKPRESSURE = { events: 2_000, waitMs: 2_000 } as const;
/** Most stored events replayed at start to rebuild windows and cooldowns. */
export const MAX_REPLAYED_EVENTS = 1_000_000;
/** Firings written per alerts transaction. */
const RAISE_BATCH = 500;

/** What the engine needs from the rest of the application. */
export interface EngineDeps {
  bus: Bus;
  rules: { listEnabled(): Promise<Rule[]>; disableForError(ruleId: string, error: string): Promise<void> };
  alerts: {
    /** Readies alert storage (the action queue) so the first alert is not slower than the others. */
    prepare(): Promise<void>;
    raise(firings: readonly Firing[], ruleOf: (ruleId: string) => Rule | undefined): Promise<unknown[]>;
  };
  store: WindowStore;
  /** Stored events with event time after `from`, in time order, at most the newest `limit`. */
  history(from: Date, limit: number): AsyncIterable<DetectionEvent>;
  clock: Clock;
  logger: Logger;
}

/** Counters for /metrics and the benchmark. */
export interface EngineStats {
  events: number;
  /** Rule × event evaluations (events times enabled rules). */
  evaluations: number;
  firings: number;
  alerts: number;
  dropped: number;
  replayed: number;
  /** Rules disabled because they could not be compiled or evaluated. */
  rule_failures: number;
  /** Time spent evaluating, in milliseconds. */
  busy_ms: number;
}

/** Told the evaluation time (seconds) and the size of each evaluated batch. */
export type BatchObserver = (seconds: number, events: number) => void;

type PendingFiring = { firing: Firing; rule: Rule };
/** An ingest call waiting for the engine to catch up (see `whenQueuedAtMost`). */
type QueueWaiter = { limit: number; resolve: () => void; timer: NodeJS.Timeout | undefined };
const byEventTime = (a: LogEvent, b: LogEvent) =>
  a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;

/**
 * The streaming detection engine: evaluates every enabled rule on each ingested batch (events in event-time
 * order, one at a time, so the window store sees a single writer), raises alerts from firings without
 * holding up evaluation, reloads its rules on `rules.changed`, disables a rule that throws, and at start
 * rebuilds windows and cooldowns by replaying recent stored events (docs/adr/0005-detection-state-replay.md).
 */
export class DetectionEngine {
  readonly stats: EngineStats = {
    events: 0,
    evaluations: 0,
    firings: 0,
    alerts: 0,
    dropped: 0,
    replayed: 0,
    rule_failures: 0,
    busy_ms: 0,
  };
  #ruleSet = RuleSet.from<Rule>([]);
  #rules: Rule[] = [];
  #evaluating: Promise<void> = Promise.resolve();
  #queued = 0;
  #pending: PendingFiring[] = [];
  #raising: Promise<void> | null = null;
  #unsubscribe: (() => void)[] = [];
  #batchObservers: BatchObserver[] = [];
  #queueWaiters: QueueWaiter[] = [];

  constructor(private readonly deps: EngineDeps) {}

  /** The enabled rules currently evaluated. */
  get ruleCount(): number {
    return this.#ruleSet.size;
  }

  /** Events received and not evaluated yet. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Resolves once at most `limit` received events wait for evaluation, or after `maxWaitMs` (a stuck
   * engine must not stop ingest): the backpressure that keeps ingest from outrunning detection.
   */
  whenQueuedAtMost(limit: number, maxWaitMs: number): Promise<void> {
    if (this.#queued <= limit) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: QueueWaiter = { limit, resolve, timer: undefined };
      waiter.timer = setTimeout(() => this.#release((w) => w === waiter), maxWaitMs).unref();
      this.#queueWaiters.push(waiter);
    });
  }

  #release(which: (waiter: QueueWaiter) => boolean): void {
    const kept: QueueWaiter[] = [];
    for (const waiter of this.#queueWaiters) {
      if (!which(waiter)) kept.push(waiter);
      else {
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
    this.#queueWaiters = kept;
  }

  /** Calls `observer` after each live batch is evaluated (not for the replay at start). */
  onBatch(observer: BatchObserver): void {
    this.#batchObservers.push(observer);
  }

  /** Loads the rules, replays recent events, then follows the live stream and rule changes. */
  async start(): Promise<void> {
    if (this.#unsubscribe.length) return;
    const { bus } = this.deps;
    this.#unsubscribe.push(
      bus.subscribe("rules.changed", () => this.#serially(() => this.#reload())),
      bus.consume("events.ingested", "detection", ({ events }) => this.#accept(events)),
    );
    await this.#serially(async () => {
      await this.deps.alerts.prepare();
      await this.#reload();
      await this.#warmUp();
    });
  }

  /** Stops following the stream once what was received is evaluated and raised. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.#release(() => true);
    await this.idle();
  }

  /** Resolves when every received batch is evaluated and its alerts are stored. */
  async idle(): Promise<void> {
    await this.#evaluating;
    while (this.#raising) await this.#raising;
  }

  #serially(task: () => Promise<void>): Promise<void> {
    this.#evaluating = this.#evaluating.then(task).catch((error) => {
      this.deps.logger.error({ err: error }, "detection task failed");
    });
    return this.#evaluating;
  }

  #accept(events: LogEvent[]): Promise<void> {
    if (this.#queued + events.length > MAX_QUEUED_EVENTS) {
      this.stats.dropped += events.length;
      this.deps.logger.error({ dropped: events.length }, "detection is behind: batch not evaluated");
      return Promise.resolve();
    }
    this.#queued += events.length;
    return this.#serially(async () => {
      try {
        await this.#evaluate(events);
      } finally {
        this.#queued -= events.length;
        this.#release((w) => this.#queued <= w.limit);
      }
    });
  }

  async #evaluate(events: LogEvent[]): Promise<void> {
    const started = performance.now();
    const ordered = events.length > 1 ? [...events].sort(byEventTime) : events;
    const fired: PendingFiring[] = [];
    for (const event of ordered) {
      this.stats.evaluations += this.#ruleSet.size;
      const { firings, failures } = await evaluateEvent(this.#ruleSet, event, this.deps.store);
      for (const firing of firings) fired.push({ firing, rule: this.#ruleSet.get(firing.rule_id)! });
      if (failures.length) await this.#disable(failures);
    }
    const busyMs = performance.now() - started;
    this.stats.events += events.length;
    this.stats.firings += fired.length;
    this.stats.busy_ms += busyMs;
    for (const observe of this.#batchObservers) observe(busyMs / 1000, events.length);
    if (fired.length) this.#raise(fired);
  }

  /** Queues firings for the alerts writer, which drains them in batches while evaluation goes on. */
  #raise(fired: PendingFiring[]): void {
    this.#pending.push(...fired);
    this.#raising ??= this.#drain().finally(() => {
      this.#raising = null;
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length) {
      const batch = this.#pending.splice(0, RAISE_BATCH);
      const rules = new Map(batch.map(({ rule }) => [rule.id, rule]));
      try {
        const alerts = await this.deps.alerts.raise(
          batch.map(({ firing }) => firing),
          (id) => rules.get(id),
        );
        this.stats.alerts += alerts.length;
      } catch (error) {
        this.deps.logger.error({ err: error, firings: batch.length }, "alerts could not be stored");
      }
    }
  }

  async #reload(): Promise<void> {
    this.#rules = await this.deps.rules.listEnabled();
    this.#ruleSet = RuleSet.from(this.#rules);
    if (this.#ruleSet.rejected.length) await this.#disable(this.#ruleSet.rejected);
  }

  /** Takes failing rules out at once (the next event must not hit them again), then disables them in storage. */
  async #disable(failures: readonly RuleFailure[]): Promise<void> {
    const failed = new Set(failures.map((failure) => failure.rule_id));
    this.stats.rule_failures += failed.size;
    this.#rules = this.#rules.filter((rule) => !failed.has(rule.id));
    this.#ruleSet = RuleSet.from(this.#rules);
    for (const { rule_id, error } of failures) {
      this.deps.logger.error({ rule_id, error }, "rule failed and was disabled");
      await this.deps.rules.disableForError(rule_id, error).catch((cause) => {
        this.deps.logger.error({ err: cause, rule_id }, "could not disable the failing rule");
      });
    }
  }

  /**
   * Rebuilds windows and cooldowns from the stored events of the longest window plus cooldown, as the live
   * engine saw them; firings are not raised again (their alerts exist). The store ignores an event it
   * already holds, so a batch arriving during the replay is not counted twice.
   */
  async #warmUp(): Promise<void> {
    const spanSeconds = Math.max(
      0,
      ...this.#rules.map((rule) => rule.conditions.window_seconds + rule.cooldown_seconds),
    );
    if (!spanSeconds || !this.#ruleSet.size) return;
    // A shared store already holds the state: replaying into it would race the nodes detecting live.
    if (!(await this.deps.store.needsReplay())) return;
    const from = new Date(this.deps.clock.now().getTime() - spanSeconds * 1000);
    for await (const event of this.deps.history(from, MAX_REPLAYED_EVENTS)) {
      await evaluateEvent(this.#ruleSet, event, this.deps.store);
      this.stats.replayed++;
    }
    this.deps.logger.info(
      { replayed: this.stats.replayed, since: from.toISOString() },
      "detection state rebuilt",
    );
  }
}
