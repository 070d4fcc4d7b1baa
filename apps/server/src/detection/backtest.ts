import { evaluateEvent, RuleSet } from "./engine-core.ts";
import { InvalidRuleError } from "./evaluators/index.ts";
import { MemoryWindowStore } from "./state/memory-store.ts";
import type { DetectionEvent, DetectionRule } from "./types.ts";

/** Most alerts a backtest lists; `alerts_would_fire` stays exact. */
export const MAX_BACKTEST_ALERTS = 1_000;

/** One alert the rule would have raised. */
export interface BacktestAlert {
  group_value: string;
  matched_event_count: number;
  matched_event_ids: string[];
}

/** What replaying stored events through a rule would have produced (`POST /rules/:id/test`). */
export interface BacktestResult {
  events_evaluated: number;
  alerts_would_fire: number;
  alerts: BacktestAlert[];
}

/**
 * Replays events, in time order, through the same evaluation the live engine runs (windows that close
 * included), with a fresh memory store: windows and cooldowns follow event time, and nothing is
 * persisted. Enabled or not, the rule is tested; conditions that do not fit its type (or a failure while
 * evaluating) reject with `InvalidRuleError`.
 */
export async function backtest(
  rule: DetectionRule,
  eventsInTimeOrder: AsyncIterable<DetectionEvent> | Iterable<DetectionEvent>,
  /**
   * A first-seen rule's history: the events before the tested range it learns from first, without
   * firing, and since when the stored events are complete (docs/adr/0029).
   */
  history: { events: AsyncIterable<DetectionEvent> | Iterable<DetectionEvent>; knownSince: number | null } = {
    events: [],
    knownSince: null,
  },
): Promise<BacktestResult> {
  const ruleSet = RuleSet.from([{ ...rule, enabled: true }]);
  const rejected = ruleSet.rejected[0];
  if (rejected) throw new InvalidRuleError(rule.id, rejected.error);
  const store = new MemoryWindowStore();
  for await (const event of history.events) {
    const { failures } = await evaluateEvent(ruleSet, event, store);
    if (failures[0]) throw new InvalidRuleError(rule.id, failures[0].error);
  }
  if (history.knownSince !== null)
    for (const detector of ruleSet.detectors) await detector.knownSince?.(history.knownSince, store);
  const result: BacktestResult = { events_evaluated: 0, alerts_would_fire: 0, alerts: [] };
  for await (const event of eventsInTimeOrder) {
    result.events_evaluated++;
    const { firings, failures } = await evaluateEvent(ruleSet, event, store);
    if (failures[0]) throw new InvalidRuleError(rule.id, failures[0].error);
    for (const { group_value, matched_event_count, matched_event_ids } of firings) {
      result.alerts_would_fire++;
      if (result.alerts.length < MAX_BACKTEST_ALERTS)
        result.alerts.push({ group_value, matched_event_count, matched_event_ids });
    }
  }
  return result;
}
