import { compileFilter, filterRequirements } from "../match.ts";
import type { Evaluator } from "../types.ts";
import { compileFrame, fire, recordInWindow, windowEntries } from "./common.ts";

/** Fires when `threshold` matching events of one group fall within the window. */
export const thresholdEvaluator: Evaluator<"threshold"> = {
  compile(rule) {
    const frame = compileFrame(rule);
    const matches = compileFilter(rule.conditions.event_filter);
    const { threshold } = rule.conditions;
    return {
      rule_id: rule.id,
      requirements: filterRequirements(rule.conditions.event_filter),
      accepts: matches,
      async evaluate(event, store) {
        if (!matches(event)) return null;
        const window = await recordInWindow(frame, store, event);
        if (!window || window.tally.count < threshold) return null;
        const entries = await windowEntries(frame, store, window);
        return entries.length >= threshold ? fire(frame, store, window, entries, event) : null;
      },
    };
  },
};
