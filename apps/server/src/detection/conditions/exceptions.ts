import type { Condition, RuleFilter } from "@vigie/contracts";
import type { DetectionEvent } from "../types.ts";
import { asCondition, compileCondition } from "./compile.ts";
import { compileFieldReader } from "./fields.ts";
import { expandPlaceholders, type PlaceholderValues } from "./placeholders.ts";

/** The condition of one exception, as the rule's preparation reads it. */
export interface ExceptionCondition {
  condition: unknown;
}

/** `all: [filter, not: any(exceptions)]`: the filter, minus the events an exception matches. */
const excepting = (filter: RuleFilter, exceptions: readonly Condition[]): Condition => ({
  all: [asCondition(filter), { not: { any: [...exceptions] } }],
});

/**
 * The rule with every filter (the rule's, and each sequence step's: an excepted event counts for no step)
 * wrapped so that an event one of `exceptions` matches is left out; untouched without exceptions, so a
 * rule without any keeps its prepared conditions (and its compiled detector) as they were.
 */
export function applyExceptions<R extends { conditions: unknown }>(
  rule: R,
  exceptions: readonly Condition[],
): R {
  if (!exceptions.length) return rule;
  const conditions = rule.conditions as { event_filter?: RuleFilter; steps?: { event_filter: RuleFilter }[] };
  const applied = { ...conditions };
  if (conditions.event_filter !== undefined)
    applied.event_filter = excepting(conditions.event_filter, exceptions);
  if (conditions.steps)
    applied.steps = conditions.steps.map((step) => ({
      ...step,
      event_filter: excepting(step.event_filter, exceptions),
    }));
  return { ...rule, conditions: applied };
}

/**
 * The exceptions' conditions with their placeholders replaced, those that cannot compile (a placeholder
 * emptied since) left out: a broken exception stops hiding events rather than disabling its rule.
 */
export function usableExceptions(
  exceptions: readonly ExceptionCondition[],
  values: PlaceholderValues,
): Condition[] {
  const usable: Condition[] = [];
  for (const { condition } of exceptions) {
    const expanded = expandPlaceholders(asCondition(condition as RuleFilter), values);
    try {
      compileCondition(expanded);
      usable.push(expanded);
    } catch {
      // Left out: the rule alerts on what this exception meant to hide, the safe side for a SIEM.
    }
  }
  return usable;
}

/**
 * The condition "each field holds one of the values it holds in these events" (an exception made from an
 * alert); a field none of the events has a value for is returned in `missing`.
 */
export function conditionFromEvents(
  events: readonly DetectionEvent[],
  fields: readonly string[],
): { condition: Condition; missing: string[] } {
  const missing: string[] = [];
  const tests = fields.map((field) => {
    const read = compileFieldReader(field);
    const values = new Set<string | number | boolean>();
    for (const event of events)
      for (const value of [read(event)].flat())
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
          values.add(value);
    if (!values.size) missing.push(field);
    const list = [...values];
    return { field, value: list.length === 1 ? list[0]! : list };
  });
  return { condition: { all: tests }, missing };
}
