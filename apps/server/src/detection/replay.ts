import type { Rule } from "@vigie/contracts";
import type { Clock } from "../platform/clock.ts";
import { evaluateEvent, type RuleSet } from "./engine-core.ts";
import type { WindowStore } from "./state/window-store.ts";
import type { DetectionEvent } from "./types.ts";

/** Most stored events replayed to rebuild windows and cooldowns, and most pending events recovered at once. */
export const MAX_REPLAYED_EVENTS = 1_000_000;

/** Where the replay reads and writes. */
export interface ReplaySources {
  store: WindowStore;
  clock: Clock;
  /** Stored events already evaluated, with event time after `from`, in time order, at most the newest `limit`. */
  history(from: Date, limit: number): AsyncIterable<DetectionEvent>;
}

/**
 * Rebuilds windows and cooldowns from the evaluated events of the longest window plus cooldown of
 * `rules`, in event-time order, as the live engine saw them; firings are dropped (their alerts exist).
 * Events still pending are not replayed: the engine evaluates them afterwards, with firing.
 */
export async function replayEvaluated(
  ruleSet: RuleSet,
  rules: readonly Rule[],
  sources: ReplaySources,
): Promise<{ replayed: number; since: Date }> {
  const spanSeconds = Math.max(
    0,
    ...rules.map((rule) => rule.conditions.window_seconds + rule.cooldown_seconds),
  );
  const since = new Date(sources.clock.now().getTime() - spanSeconds * 1000);
  let replayed = 0;
  for await (const event of sources.history(since, MAX_REPLAYED_EVENTS)) {
    await evaluateEvent(ruleSet, event, sources.store);
    replayed++;
  }
  return { replayed, since };
}
