import type { Rule } from "@vigie/contracts";
import {
  MAX_REFERENCE_DEPTH,
  type RuleLookup,
  referencedRuleIds,
} from "../../detection/conditions/references.ts";
import type { RulesRepository } from "./rules.repository.ts";

/**
 * A lookup over `rules` and every rule they reference, directly or through others, read from storage
 * whatever its state: a correlation reads the filter of a rule that raises no alerts of its own.
 */
export async function referenceLookup(
  repository: RulesRepository,
  rules: readonly Rule[],
): Promise<RuleLookup> {
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  let wanted = rules.flatMap((rule) => referencedRuleIds(rule.conditions));
  for (let depth = 0; depth <= MAX_REFERENCE_DEPTH && wanted.length; depth++) {
    const missing = [...new Set(wanted)].filter((id) => !known.has(id));
    if (!missing.length) break;
    const found = await repository.getMany(missing);
    for (const rule of found) known.set(rule.id, rule);
    wanted = found.flatMap((rule) => referencedRuleIds(rule.conditions));
  }
  return (id) => known.get(id);
}

/** The names of the other rules whose filters reference the rule `id`. */
export async function rulesReferencing(repository: RulesRepository, id: string): Promise<string[]> {
  const candidates = await repository.mentioning(id);
  return candidates
    .filter((rule) => referencedRuleIds(rule.conditions).includes(id))
    .map((rule) => rule.name);
}
