import type { Rule } from "@vigie/contracts";
import {
  MAX_REFERENCE_DEPTH,
  type RuleLookup,
  referencedRuleIds,
} from "../../detection/conditions/references.ts";
import type { RulesRepository } from "./rules.repository.ts";

/**
 * The rules `rules` reference, directly or through others, read from storage whatever their state (a
 * correlation reads the filter of a rule that raises no alerts of its own), in the order found.
 */
export async function referencedRules(repository: RulesRepository, rules: readonly Rule[]): Promise<Rule[]> {
  const known = new Set(rules.map((rule) => rule.id));
  const found: Rule[] = [];
  let wanted = rules.flatMap((rule) => referencedRuleIds(rule.conditions));
  for (let depth = 0; depth <= MAX_REFERENCE_DEPTH && wanted.length; depth++) {
    const missing = [...new Set(wanted)].filter((id) => !known.has(id));
    if (!missing.length) break;
    const loaded = await repository.getMany(missing);
    const order = new Map(missing.map((id, index) => [id, index]));
    loaded.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    for (const rule of loaded) known.add(rule.id);
    found.push(...loaded);
    wanted = loaded.flatMap((rule) => referencedRuleIds(rule.conditions));
  }
  return found;
}

/** A lookup over `rules` and every rule they reference (see `referencedRules`). */
export async function referenceLookup(
  repository: RulesRepository,
  rules: readonly Rule[],
): Promise<RuleLookup> {
  const all = new Map(
    [...rules, ...(await referencedRules(repository, rules))].map((rule) => [rule.id, rule]),
  );
  return (id) => all.get(id);
}

/** The names of the other rules whose filters reference the rule `id`. */
export async function rulesReferencing(repository: RulesRepository, id: string): Promise<string[]> {
  const candidates = await repository.mentioning(id);
  return candidates
    .filter((rule) => referencedRuleIds(rule.conditions).includes(id))
    .map((rule) => rule.name);
}
