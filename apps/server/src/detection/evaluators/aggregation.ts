import { compileFieldReader, compileFilter, filterRequirements, scalarText } from "../match.ts";
import type { WindowEntry } from "../state/window-store.ts";
import type { Evaluator } from "../types.ts";
import { compileFrame, fire, recordInWindow, windowEntries } from "./common.ts";

/** How many different tags the entries carry. */
function countDistinctTags(entries: readonly WindowEntry[]): number {
  const seen = new Set<string | undefined>();
  for (const entry of entries) seen.add(entry.tag);
  return seen.size;
}

/**
 * Fires when the matching events of one group carry `threshold` distinct non-empty values of
 * `aggregation_field`; events without a value are not recorded.
 */
export const aggregationEvaluator: Evaluator<"aggregation"> = {
  compile(rule) {
    const frame = compileFrame(rule);
    const matches = compileFilter(rule.conditions.event_filter);
    const readValue = compileFieldReader(rule.conditions.aggregation_field);
    const { threshold } = rule.conditions;
    return {
      rule_id: rule.id,
      requirements: filterRequirements(rule.conditions.event_filter),
      accepts: matches,
      async evaluate(event, store) {
        const value = matches(event) ? scalarText(readValue(event)) : null;
        if (value === null) return null;
        const window = await recordInWindow(frame, store, event, { tag: value });
        if (!window || window.tally.distinctTags < threshold) return null;
        const entries = await windowEntries(frame, store, window);
        return countDistinctTags(entries) >= threshold ? fire(frame, store, window, entries, event) : null;
      },
    };
  },
};
