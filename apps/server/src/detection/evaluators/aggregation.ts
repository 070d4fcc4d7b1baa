import { compileFieldReader, compileFilter, filterRequirements } from "../match.ts";
import type { Evaluator } from "../types.ts";
import { compileFrame } from "./common.ts";
import { aggregations } from "./figures.ts";
import { windowedEvaluation } from "./windowed.ts";

/**
 * Fires when the matching events of one group carry `threshold` distinct non-empty values of
 * `aggregation_field`, or when the aggregation's figure over them (distinct values, sum, average, median,
 * share of the arriving value) meets `bounds`; events without a usable value are not recorded.
 */
export const aggregationEvaluator: Evaluator<"aggregation"> = {
  compile(rule) {
    const { event_filter, aggregation, aggregation_field, threshold, bounds } = rule.conditions;
    const matches = compileFilter(event_filter);
    return {
      rule_id: rule.id,
      requirements: filterRequirements(event_filter),
      accepts: matches,
      ...windowedEvaluation({
        frame: compileFrame(rule),
        matches,
        figure: aggregations[aggregation],
        bounds: bounds ?? { gte: threshold ?? 1 },
        readValue: compileFieldReader(aggregation_field),
      }),
    };
  },
};
