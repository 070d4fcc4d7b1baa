import { compileFilter, filterRequirements } from "../match.ts";
import type { Evaluator } from "../types.ts";
import { compileFrame } from "./common.ts";
import { eventCount } from "./figures.ts";
import { windowedEvaluation } from "./windowed.ts";

/**
 * Fires when the matching events of one group within the window reach `threshold`, or when their count
 * meets `bounds` (judged when the window closes for bounds that hold the count from above).
 */
export const thresholdEvaluator: Evaluator<"threshold"> = {
  compile(rule) {
    const { event_filter, threshold, bounds } = rule.conditions;
    const matches = compileFilter(event_filter);
    return {
      rule_id: rule.id,
      requirements: filterRequirements(event_filter),
      accepts: matches,
      ...windowedEvaluation({
        frame: compileFrame(rule),
        matches,
        figure: eventCount,
        bounds: bounds ?? { gte: threshold ?? 1 },
      }),
    };
  },
};
