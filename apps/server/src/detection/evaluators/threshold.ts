import { compileFilter } from "../match.ts";
import type { Evaluator } from "../types.ts";
import { compileFrame, fire, recordInWindow } from "./common.ts";

/** Fires when `threshold` matching events of one group fall within the window. */
export const thresholdEvaluator: Evaluator<"threshold"> = {
  compile(rule) {
    const frame = compileFrame(rule);
    const matches = compileFilter(rule.conditions.event_filter);
    const { threshold } = rule.conditions;
    return {
      rule_id: rule.id,
      accepts: matches,
      async evaluate(event, store) {
        if (!matches(event)) return null;
        const window = await recordInWindow(frame, store, event);
        if (!window || window.entries.length < threshold) return null;
        return fire(frame, store, window, window.entries, event);
      },
    };
  },
};
