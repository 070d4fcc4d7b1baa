import type { Rule } from "@vigie/contracts";

/** What the rules page can be narrowed by (its URL state). */
export interface RuleFilter {
  /** Words that must all appear in the name, description, ATT&CK ids, or the Sigma id, author, tags or log source (any case). */
  q?: string;
  severity?: string;
  /** "enabled" or "disabled". */
  state?: string;
  /** "sigma" (imported) or "vigie" (written here). */
  origin?: string;
}

/** The text a rule is found by. */
function searchableText(rule: Rule): string {
  return [
    rule.name,
    rule.description,
    rule.mitre_tactic,
    rule.mitre_technique,
    ...rule.mitre_tactics,
    ...rule.mitre_techniques,
    rule.sigma?.id,
    rule.sigma?.author,
    ...(rule.sigma?.tags ?? []),
    ...Object.values(rule.sigma?.logsource ?? {}),
  ]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
}

/** The rules that pass every filter set, in their order. */
export function filterRules(rules: readonly Rule[], filter: RuleFilter): Rule[] {
  const words = (filter.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return rules.filter(
    (rule) =>
      (!filter.severity || rule.severity === filter.severity) &&
      (!filter.state || rule.enabled === (filter.state === "enabled")) &&
      (!filter.origin || (rule.sigma !== null) === (filter.origin === "sigma")) &&
      (words.length === 0 || words.every((word) => searchableText(rule).includes(word))),
  );
}
