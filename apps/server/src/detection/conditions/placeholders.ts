import { type Condition, isConditionNode, type RuleFilter, type ValueTest } from "@vigie/contracts";

/** Placeholder name → the values it stands for, as an admin set them. */
export type PlaceholderValues = ReadonlyMap<string, readonly string[]>;

const PLACEHOLDER = /%([A-Za-z0-9_.-]+)%/g;
/** Most values one expanded test may hold. */
const MAX_EXPANDED = 5_000;

/** Every text the value stands for, or null when it names a placeholder without values. */
function expandText(text: string, values: PlaceholderValues): string[] | null {
  let results = [""];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const options = values.get(match[1]!);
    if (!options?.length) return null;
    const before = text.slice(last, match.index);
    results = results.flatMap((head) => options.map((option) => head + before + option));
    if (results.length > MAX_EXPANDED)
      throw new Error(`expanding "${text}" gives more than ${MAX_EXPANDED} values`);
    last = match.index + match[0].length;
  }
  return results.map((head) => head + text.slice(last));
}

/** The test with its placeholders replaced; left as it is (still `expand`) when one has no values. */
function expandTest<T extends ValueTest>(test: T, values: PlaceholderValues): T {
  if (!test.expand) return test;
  const listed = Array.isArray(test.value) ? test.value : [test.value];
  const expanded: ValueTest["value"] = [];
  for (const value of listed) {
    if (typeof value !== "string") expanded.push(value);
    else {
      const texts = expandText(value, values);
      if (texts === null) return test;
      expanded.push(...texts);
    }
  }
  const { expand: _expanded, ...rest } = test;
  return { ...rest, value: expanded } as T;
}

/**
 * Replaces the `%name%` placeholders of `expand` tests by the values an admin set (Sigma `|expand`),
 * before the rule compiles; a placeholder without values stays, and compiling names it.
 */
export function expandPlaceholders(node: Condition, values: PlaceholderValues): Condition {
  if ("field" in node) return expandTest(node, values);
  if ("all" in node) return { all: node.all.map((child) => expandPlaceholders(child, values)) };
  if ("any" in node) return { any: node.any.map((child) => expandPlaceholders(child, values)) };
  if ("not" in node) return { not: expandPlaceholders(node.not, values) };
  if ("of" in node)
    return { of: node.of.map((child) => expandPlaceholders(child, values)), at_least: node.at_least };
  if ("rule" in node) return node;
  return { keywords: expandTest(node.keywords, values) };
}

const expandFilter = (filter: RuleFilter, values: PlaceholderValues): RuleFilter =>
  isConditionNode(filter) ? expandPlaceholders(filter as Condition, values) : filter;

/** A rule whose filters (its steps' too) have their placeholders replaced; other fields untouched. */
export function expandRulePlaceholders<R extends { conditions: unknown }>(
  rule: R,
  values: PlaceholderValues,
): R {
  const conditions = rule.conditions as { event_filter?: RuleFilter; steps?: { event_filter: RuleFilter }[] };
  const expanded = { ...conditions };
  if (conditions.event_filter !== undefined)
    expanded.event_filter = expandFilter(conditions.event_filter, values);
  if (conditions.steps)
    expanded.steps = conditions.steps.map((step) => ({
      ...step,
      event_filter: expandFilter(step.event_filter, values),
    }));
  return { ...rule, conditions: expanded };
}
