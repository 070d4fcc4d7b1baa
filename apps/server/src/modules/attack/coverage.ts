import type { AttackCoverage, AttackRule, AttackSubtechnique, AttackTechnique } from "@vigie/contracts";
import { ATTACK_DATA, type AttackCatalogue, type CatalogueTechnique } from "./catalogue.ts";

/** A rule with ATT&CK techniques, and its alerts in the period. */
export interface TaggedRule extends AttackRule {
  mitre_techniques: string[];
}

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

/** The techniques a rule names, upper-cased; free text that is no technique id is left out. */
export const techniqueIds = (tags: string[]): string[] =>
  [...new Set(tags.map((tag) => tag.trim().toUpperCase()))].filter((tag) => TECHNIQUE.test(tag));

/** Who covers one technique id (a technique or a sub-technique), as the fold collects it. */
interface Tally {
  enabled: Set<string>;
  disabled: Set<string>;
  alerts: number;
}

const newTally = (): Tally => ({ enabled: new Set(), disabled: new Set(), alerts: 0 });

/**
 * Every technique id a rule covers: each tag, and the parent of each sub-technique (T1059.001 counts for
 * T1059). A rule is counted once per id, whatever the number of its tags that fold into it.
 */
function tallies(rules: TaggedRule[]): Map<string, Tally> {
  const byId = new Map<string, Tally>();
  for (const rule of rules) {
    const ids = new Set(techniqueIds(rule.mitre_techniques).flatMap((id) => [id, id.split(".")[0] ?? id]));
    for (const id of ids) {
      const tally = byId.get(id) ?? newTally();
      byId.set(id, tally);
      (rule.enabled ? tally.enabled : tally.disabled).add(rule.id);
      tally.alerts += rule.alerts;
    }
  }
  return byId;
}

const counts = (tally: Tally | undefined) => ({
  rule_ids: [...(tally?.enabled ?? [])],
  disabled_rules: tally?.disabled.size ?? 0,
  alerts: tally?.alerts ?? 0,
});

function techniqueOf(technique: CatalogueTechnique, byId: Map<string, Tally>): AttackTechnique {
  const subtechniques: AttackSubtechnique[] = technique.subtechniques.map((sub) => ({
    ...sub,
    ...counts(byId.get(sub.id)),
  }));
  return {
    id: technique.id,
    name: technique.name,
    url: technique.url,
    ...counts(byId.get(technique.id)),
    subtechniques,
  };
}

/** The matrix with, in each cell, the rules covering the technique and the alerts of the period. */
export function foldCoverage(
  catalogue: AttackCatalogue,
  rules: TaggedRule[],
  period: AttackCoverage["period"],
): AttackCoverage {
  const byId = tallies(rules);
  const tactics = catalogue.tactics.map((tactic) => {
    const techniques = tactic.techniques.map((t) => techniqueOf(t, byId));
    return { ...tactic, techniques, covered: techniques.filter((t) => t.rule_ids.length > 0).length };
  });
  const all = [...catalogue.techniques.keys()];
  const covered = all.filter((id) => (byId.get(id)?.enabled.size ?? 0) > 0).length;
  const withAlerts = all.filter((id) => (byId.get(id)?.alerts ?? 0) > 0).length;
  const cited = new Set(
    all.flatMap((id) => [...(byId.get(id)?.enabled ?? []), ...(byId.get(id)?.disabled ?? [])]),
  );
  return {
    attack: ATTACK_DATA.source,
    period,
    summary: { techniques: all.length, covered, with_alerts: withAlerts },
    tactics,
    rules: rules
      .filter((rule) => cited.has(rule.id))
      .map(({ id, name, severity, enabled, alerts }) => ({ id, name, severity, enabled, alerts })),
  };
}
