import { type Condition, isConditionNode, type RuleFilter, type RuleType } from "@vigie/contracts";
import { asCondition, ConditionError } from "./compile.ts";

/** What a reference reads of the rule it names, whatever that rule's state (enabled or not). */
export interface ReferencedRule {
  id: string;
  name?: string;
  rule_type: RuleType;
  conditions: unknown;
}

/** The rule a reference names, or undefined when there is none. */
export type RuleLookup = (id: string) => ReferencedRule | undefined;

/** Deepest chain of rules referencing rules. */
export const MAX_REFERENCE_DEPTH = 8;

const named = (rule: ReferencedRule) => (rule.name ? `rule "${rule.name}" (${rule.id})` : `rule ${rule.id}`);

/** The filter a referenced rule takes events with; throws when it has no single one (a sequence). */
function filterOf(rule: ReferencedRule): RuleFilter {
  const filter = (rule.conditions as { event_filter?: RuleFilter } | null)?.event_filter;
  if (rule.rule_type === "sequence" || filter === undefined)
    throw new Error(
      `${named(rule)} is a ${rule.rule_type}: only a rule with one event filter can be referenced`,
    );
  return filter;
}

function resolveNode(node: Condition, lookup: RuleLookup, chain: readonly string[], path: string): Condition {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const each = (nodes: Condition[], key: string) =>
    nodes.map((child, index) => resolveNode(child, lookup, chain, at(`${key}.${index}`)));
  if ("field" in node || "keywords" in node) return node;
  if ("all" in node) return { all: each(node.all, "all") };
  if ("any" in node) return { any: each(node.any, "any") };
  if ("not" in node) return { not: resolveNode(node.not, lookup, chain, at("not")) };
  if ("of" in node) return { of: each(node.of, "of"), at_least: node.at_least };
  if (!("rule" in node)) return node;
  try {
    if (chain.includes(node.rule)) throw new Error(`rule references loop back to rule ${node.rule}`);
    if (chain.length > MAX_REFERENCE_DEPTH)
      throw new Error(`rules reference rules more than ${MAX_REFERENCE_DEPTH} deep`);
    const target = lookup(node.rule);
    if (!target) throw new Error(`references rule ${node.rule}, which does not exist`);
    return resolveNode(asCondition(filterOf(target)), lookup, [...chain, node.rule], "");
  } catch (error) {
    if (error instanceof ConditionError) throw new ConditionError(at("rule"), error.reason);
    throw new ConditionError(at("rule"), error instanceof Error ? error.message : String(error));
  }
}

const resolveFilter = (filter: RuleFilter, lookup: RuleLookup, self: string, where: string): RuleFilter => {
  if (!isConditionNode(filter)) return filter;
  try {
    return resolveNode(filter as Condition, lookup, [self], "");
  } catch (error) {
    if (!(error instanceof ConditionError)) throw error;
    throw new ConditionError(`${where}.${error.path}`, error.reason);
  }
};

/**
 * The rule with every `{"rule": id}` of its filters (its steps' too) replaced by the filter of the rule it
 * names, referenced rules' own references included: what the engine compiles. Throws a `ConditionError`
 * naming the reference that cannot be read: a missing rule, a sequence, a loop, a chain too deep.
 */
export function resolveRuleReferences<R extends { id: string; conditions: unknown }>(
  rule: R,
  lookup: RuleLookup,
): R {
  const conditions = rule.conditions as { event_filter?: RuleFilter; steps?: { event_filter: RuleFilter }[] };
  const resolved = { ...conditions };
  if (conditions.event_filter !== undefined)
    resolved.event_filter = resolveFilter(conditions.event_filter, lookup, rule.id, "event_filter");
  if (conditions.steps)
    resolved.steps = conditions.steps.map((step, index) => ({
      ...step,
      event_filter: resolveFilter(step.event_filter, lookup, rule.id, `steps.${index}.event_filter`),
    }));
  return { ...rule, conditions: resolved };
}

/** Every rule id the filters of the rule's conditions reference directly. */
export function referencedRuleIds(conditions: unknown): string[] {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (!isConditionNode(node)) return;
    const value = node as Record<string, unknown>;
    if (typeof value.rule === "string") ids.add(value.rule);
    for (const child of Object.values(value)) for (const item of [child].flat()) visit(item);
  };
  const { event_filter, steps } = (conditions ?? {}) as {
    event_filter?: unknown;
    steps?: { event_filter: unknown }[];
  };
  visit(event_filter);
  for (const step of steps ?? []) visit(step.event_filter);
  return [...ids];
}
