import type { Rule } from "@vigie/contracts";
import type { Clock } from "../platform/clock.ts";
import { evaluateEvent, RuleSet } from "./engine-core.ts";
import type { WindowStore } from "./state/window-store.ts";
import type { DetectionEvent } from "./types.ts";

/** Most stored events replayed to rebuild windows and cooldowns, and most pending events recovered at once. */
export const MAX_REPLAYED_EVENTS = 1_000_000;

/** Where the replay reads and writes. */
export interface ReplaySources {
  store: WindowStore;
  clock: Clock;
  /**
   * Stored events already evaluated, with event time after `from` (and one of `eventTypes` when given), in
   * time order, at most the newest `limit`.
   */
  history(from: Date, limit: number, eventTypes?: readonly string[]): AsyncIterable<DetectionEvent>;
  /** Event time of the oldest stored event (any type), null when none: how far back the stored history reaches. */
  oldestEventTime?(): Promise<Date | null>;
}

/**
 * Rebuilds windows and cooldowns from the evaluated events of the longest window plus cooldown of
 * `rules`, in event-time order, as the live engine saw them; firings are dropped (their alerts exist).
 * First-seen rules, whose history reaches weeks back, first learn from the stored events of their own
 * event types (`learnHistory`). Events still pending are not replayed: the engine evaluates them
 * afterwards, with firing.
 */
export async function replayEvaluated(
  ruleSet: RuleSet,
  rules: readonly Rule[],
  sources: ReplaySources,
): Promise<{ replayed: number; since: Date }> {
  let replayed = await learnHistory(ruleSet, rules, sources);
  const spanSeconds = Math.max(
    0,
    ...rules
      .filter((rule) => rule.rule_type !== "first_seen")
      .map(
        (rule) =>
          ("window_seconds" in rule.conditions ? rule.conditions.window_seconds : 0) + rule.cooldown_seconds,
      ),
  );
  const since = new Date(sources.clock.now().getTime() - spanSeconds * 1000);
  for await (const event of sources.history(since, MAX_REPLAYED_EVENTS)) {
    await evaluateEvent(ruleSet, event, sources.store);
    replayed++;
  }
  return { replayed, since };
}

/**
 * Teaches the first-seen rules among `rules` the values of the evaluated events of their history, read
 * only for the event types their filters require (all types when one of them requires none), without
 * firing; returns how many events it read. Noting a value twice changes nothing, so it may overlap the
 * replay or run on a shared store while other nodes detect (docs/adr/0029).
 */
export async function learnHistory(
  ruleSet: RuleSet,
  rules: readonly Rule[],
  sources: ReplaySources,
): Promise<number> {
  const learners = RuleSet.from(
    rules.filter((rule) => rule.rule_type === "first_seen"),
    ruleSet,
  );
  if (!learners.size) return 0;
  const historyMs = Math.max(...learners.detectors.map((detector) => detector.historyMs ?? 0));
  const types = new Set<string>();
  let allTypes = false;
  for (const detector of learners.detectors) {
    const required = detector.requirements.values.get("event_type");
    if (required) for (const type of required) types.add(type);
    else allTypes = true;
  }
  const now = sources.clock.now().getTime();
  let read = 0;
  for await (const event of sources.history(
    new Date(now - historyMs),
    MAX_REPLAYED_EVENTS,
    allTypes ? undefined : [...types],
  )) {
    await evaluateEvent(learners, event, sources.store);
    read++;
  }
  // What was stored since the oldest event is known: the learning period counts from there, or from the
  // start of the history when the storage reaches further back (then a restart does not learn again).
  const oldest = (await sources.oldestEventTime?.())?.getTime();
  if (oldest !== undefined)
    for (const detector of learners.detectors)
      await detector.knownSince?.(Math.max(oldest, now - (detector.historyMs ?? 0)), sources.store);
  return read;
}
