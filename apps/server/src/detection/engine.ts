import type { LogEvent, Rule } from "@vigie/contracts";
import { CommitQueue, type EvaluatedFiring } from "./commit-queue.ts";
import { evaluateEvent, type RuleFailure, RuleSet } from "./engine-core.ts";
import type { BatchObserver, EngineDeps, EngineStats } from "./engine-deps.ts";
import { InFlightEvents } from "./in-flight.ts";
import { learnHistory, MAX_REPLAYED_EVENTS, replayEvaluated } from "./replay.ts";
import type { WindowStore } from "./state/window-store.ts";
import type { DetectionEvent, Detector } from "./types.ts";

/**
 * Events in flight beyond which new batches are not evaluated live (counted as dropped) instead of
 * growing memory: they stay pending in storage and the sweep evaluates them later.
 */
export const MAX_QUEUED_EVENTS = 500_000;
/**
 * Ingest on this node waits while more events than this are received and not yet evaluated and
 * committed (about a tenth of a second of evaluation for 50 rules), but never longer than `waitMs`.
 */
export const INGEST_BACKPRESSURE = { events: 2_000, waitMs: 2_000 } as const;
/**
 * How often the engine looks for events left pending, and after how long a pending event counts as
 * missed: well within the 30 s after which the Redis bus hands a dead node's unacknowledged batches to
 * another node, so that the sweep (on a rebuilt private state) gets to them first.
 */
export const SWEEP = { everyMs: 5_000, staleAfterMs: 15_000 } as const;

/** The longest delay a timer takes (about 24.8 days); a later expiry is waited for in several reloads. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const byEventTime = (a: DetectionEvent, b: DetectionEvent) =>
  a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;

/**
 * The streaming detection engine: evaluates every enabled rule on each ingested batch (events in event-time
 * order, one at a time, so the window store sees a single writer), commits each batch's position with its
 * alerts without holding up evaluation, reloads its rules on `rules.changed`, disables a rule that throws;
 * at start it rebuilds windows and cooldowns from the evaluated events and evaluates the pending ones with
 * firing, and it sweeps for events left pending (docs/adr/0005-detection-state-replay.md).
 */
export class DetectionEngine {
  readonly stats: EngineStats = {
    events: 0,
    evaluations: 0,
    firings: 0,
    alerts: 0,
    dropped: 0,
    replayed: 0,
    recovered: 0,
    rule_failures: 0,
    busy_ms: 0,
  };
  #ruleSet = RuleSet.from<Rule>([]);
  #rules: Rule[] = [];
  #evaluating: Promise<void> = Promise.resolve();
  readonly #inFlight = new InFlightEvents();
  readonly #commits: CommitQueue;
  #sweeper: NodeJS.Timeout | undefined;
  #expiry: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void)[] = [];
  #batchObservers: BatchObserver[] = [];
  /** First-seen detectors whose history is learnt; null until the state is rebuilt at start. */
  #learnt: WeakSet<Detector> | null = null;

  constructor(private readonly deps: EngineDeps) {
    this.#commits = new CommitQueue({
      commit: (evaluation, ruleOf) => deps.alerts.commitEvaluation(evaluation, ruleOf),
      committed: (events, alerts) => {
        this.stats.alerts += alerts;
        this.#inFlight.settle(events);
      },
      logger: deps.logger,
    });
  }

  /** The enabled rules currently evaluated. */
  get ruleCount(): number {
    return this.#ruleSet.size;
  }

  /** Events received and not yet evaluated and committed. */
  get queued(): number {
    return this.#inFlight.size;
  }

  /**
   * Resolves once at most `limit` received events wait for evaluation and commit, or after `maxWaitMs`
   * (a stuck engine must not stop ingest): the backpressure that keeps ingest from outrunning detection.
   */
  whenQueuedAtMost(limit: number, maxWaitMs: number): Promise<void> {
    return this.#inFlight.whenAtMost(limit, maxWaitMs);
  }

  /** Calls `observer` after each live batch is evaluated (not for the replay at start). */
  onBatch(observer: BatchObserver): void {
    this.#batchObservers.push(observer);
  }

  /**
   * Loads the rules, rebuilds the state from evaluated events, evaluates what was left pending (with
   * firing), then follows the live stream and rule changes, and sweeps for missed events.
   */
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
      const rebuilt = await this.#warmUp();
      this.#learnt = new WeakSet(this.#ruleSet.detectors.filter((detector) => detector.historyMs));
      if (rebuilt) await this.#recover({});
    });
    const { everyMs } = this.deps.sweep ?? SWEEP;
    this.#sweeper = setInterval(() => void this.#serially(() => this.#sweep()), everyMs).unref();
  }

  /** Stops following the stream once what was received is evaluated and committed. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    clearInterval(this.#sweeper);
    clearTimeout(this.#expiry);
    this.#inFlight.releaseAll();
    await this.#evaluating;
    await this.#commits.stop();
  }

  /** Resolves when every received batch is evaluated and its alerts are stored. */
  async idle(): Promise<void> {
    await this.#evaluating;
    await this.#commits.idle();
  }

  #serially(task: () => Promise<void>): Promise<void> {
    this.#evaluating = this.#evaluating.then(task).catch((error) => {
      this.deps.logger.error({ err: error }, "detection task failed");
    });
    return this.#evaluating;
  }

  #accept(received: LogEvent[]): Promise<void> {
    // An event already in flight here (recovered at start, or delivered twice) is evaluated once.
    const events = received.filter((event) => !this.#inFlight.has(event.id));
    if (this.#inFlight.size + events.length > MAX_QUEUED_EVENTS) {
      // Not lost: the events stay pending in storage and the sweep evaluates them later.
      this.stats.dropped += events.length;
      this.deps.logger.error({ dropped: events.length }, "detection is behind: batch left to the sweep");
      return Promise.resolve();
    }
    this.#inFlight.track(events);
    return this.#serially(() => this.#evaluate(events));
  }

  /** Evaluates a batch with firing and queues its commit (the events and their firings together). */
  async #evaluate(events: readonly DetectionEvent[], store = this.deps.store): Promise<void> {
    if (!events.length) return;
    const started = performance.now();
    const ordered = events.length > 1 ? [...events].sort(byEventTime) : events;
    const firings: EvaluatedFiring[] = [];
    try {
      for (const event of ordered) {
        this.stats.evaluations += this.#ruleSet.size;
        const evaluated = await evaluateEvent(this.#ruleSet, event, store);
        for (const firing of evaluated.firings) {
          firings.push({ firing, event_id: event.id, rule: this.#ruleSet.get(firing.rule_id)! });
        }
        if (evaluated.failures.length) await this.#disable(evaluated.failures);
      }
    } catch (error) {
      this.#inFlight.settle(events.map((event) => event.id));
      throw error;
    }
    const busyMs = performance.now() - started;
    this.stats.events += events.length;
    this.stats.firings += firings.length;
    this.stats.busy_ms += busyMs;
    for (const observe of this.#batchObservers) observe(busyMs / 1000, events.length);
    this.#commits.push({ events: events.map((event) => event.id), firings });
  }

  async #reload(): Promise<void> {
    const { rules, reload_at } = await this.deps.rules.listEnabled();
    this.#rules = rules;
    this.#ruleSet = RuleSet.from(this.#rules, this.#ruleSet);
    this.#reloadAt(reload_at);
    if (this.#ruleSet.rejected.length) await this.#disable(this.#ruleSet.rejected);
    await this.#learnNewHistories();
  }

  /**
   * A first-seen rule created or edited while running learns the values of its history from the stored
   * events at once, instead of alerting on every value for its learning period (docs/adr/0029).
   */
  async #learnNewHistories(): Promise<void> {
    const learnt = this.#learnt;
    if (!learnt) return;
    const fresh = this.#ruleSet.detectors.filter((detector) => detector.historyMs && !learnt.has(detector));
    if (!fresh.length) return;
    const ids = new Set(fresh.map((detector) => detector.rule_id));
    const rules = this.#rules.filter((rule) => ids.has(rule.id));
    const read = await learnHistory(this.#ruleSet, rules, this.deps);
    for (const detector of fresh) learnt.add(detector);
    this.deps.logger.info({ rules: ids.size, read }, "first-seen rules learnt their history");
  }

  /**
   * Prepares the rules again when an exception expires (wall-clock time, docs/adr/0023): only the rules
   * whose prepared conditions lose it are compiled again. One timer: each reload sets the next.
   */
  #reloadAt(at: Date | null): void {
    clearTimeout(this.#expiry);
    this.#expiry = undefined;
    if (!at || !this.#unsubscribe.length) return;
    const delay = Math.min(Math.max(0, at.getTime() - this.deps.clock.now().getTime()), MAX_TIMER_MS);
    this.#expiry = setTimeout(() => void this.#serially(() => this.#reload()), delay).unref();
  }

  /** Takes failing rules out at once (the next event must not hit them again), then disables them in storage. */
  async #disable(failures: readonly RuleFailure[]): Promise<void> {
    const failed = new Set(failures.map((failure) => failure.rule_id));
    this.stats.rule_failures += failed.size;
    this.#rules = this.#rules.filter((rule) => !failed.has(rule.id));
    this.#ruleSet = RuleSet.from(this.#rules, this.#ruleSet);
    for (const { rule_id, error } of failures) {
      this.deps.logger.error({ rule_id, error }, "rule failed and was disabled");
      await this.deps.rules.disableForError(rule_id, error).catch((cause) => {
        this.deps.logger.error({ err: cause, rule_id }, "could not disable the failing rule");
      });
    }
  }

  /** Rebuilds the state when this engine's store needs it; returns whether it did (then it also recovers). */
  async #warmUp(): Promise<boolean> {
    // A shared store already holds the state: replaying into it would race the nodes detecting live.
    if (!this.#ruleSet.size || !(await this.deps.store.needsReplay())) return false;
    const { replayed, since } = await replayEvaluated(this.#ruleSet, this.#rules, this.deps);
    this.stats.replayed += replayed;
    this.deps.logger.info({ replayed, since: since.toISOString() }, "detection state rebuilt");
    return true;
  }

  /**
   * Evaluates, with firing, the stored events still pending (stored `storedMsAgo` ago at least, if given):
   * their evaluation was interrupted by a crash, or their bus message never came. Skips events in
   * flight on this node; up to `MAX_REPLAYED_EVENTS`.
   */
  async #recover(range: { storedMsAgo?: number }): Promise<void> {
    let recovered = 0;
    let store: WindowStore | undefined;
    for await (const page of this.deps.pending({ ...range, limit: MAX_REPLAYED_EVENTS })) {
      const missed = page.filter((event) => !this.#inFlight.has(event.id));
      if (!missed.length) continue;
      store ??= await this.#recoveryStore();
      this.#inFlight.track(missed);
      recovered += missed.length;
      await this.#evaluate(missed, store);
    }
    this.stats.recovered += recovered;
    if (recovered) this.deps.logger.warn({ recovered }, "detection evaluated events left pending");
  }

  /** The live store, or a private one rebuilt from the evaluated events when the live one is shared. */
  async #recoveryStore(): Promise<WindowStore> {
    const fresh = this.deps.recoveryStore?.();
    if (!fresh) return this.deps.store;
    await replayEvaluated(this.#ruleSet, this.#rules, { ...this.deps, store: fresh });
    return fresh;
  }

  /** Evaluates events left pending longer than the live path can explain. */
  async #sweep(): Promise<void> {
    await this.#recover({ storedMsAgo: (this.deps.sweep ?? SWEEP).staleAfterMs });
  }
}
