import { Link } from "@tanstack/react-router";
import type { AttackCoverage, AttackRule, AttackTechnique } from "@vigie/contracts";
import type { AttackRange } from "../../api/attack.ts";
import { SeverityBadge } from "../../components/badges.tsx";
import { Drawer } from "../../components/Drawer.tsx";
import { useT } from "../../i18n/index.ts";

/** A technique of the matrix by id (the same in every tactic it belongs to). */
export function findTechnique(coverage: AttackCoverage, id: string): AttackTechnique | undefined {
  for (const tactic of coverage.tactics) {
    const found = tactic.techniques.find((t) => t.id === id);
    if (found) return found;
  }
  return undefined;
}

/** One enabled rule: a link to it, its severity, and its alerts of the period (a link to them). */
function RuleRow({ rule, range }: { rule: AttackRule; range: AttackRange }) {
  const t = useT();
  return (
    <li
      className="flex flex-wrap items-center gap-2 border-b border-line py-1.5 last:border-0"
      data-testid="attack-rule"
    >
      <SeverityBadge severity={rule.severity} />
      <Link
        to="/rules"
        search={{ q: rule.name }}
        className="min-w-0 flex-1 truncate font-medium text-accent hover:underline"
        data-testid="attack-rule-link"
      >
        {rule.name}
      </Link>
      {rule.alerts > 0 ? (
        <Link
          to="/alerts"
          search={{ rule_id: rule.id, range }}
          className="text-[12px] text-accent tabular-nums hover:underline"
          data-testid="attack-rule-alerts"
        >
          {t("attack.ruleAlerts", { count: rule.alerts })}
        </Link>
      ) : (
        <span className="text-[12px] text-muted tabular-nums">{t("attack.ruleAlerts", { count: 0 })}</span>
      )}
    </li>
  );
}

/** What covers one technique: its enabled rules (links), disabled ones counted, sub-techniques, alerts. */
export function TechniqueDrawer({
  coverage,
  techniqueId,
  range,
  onClose,
}: {
  coverage: AttackCoverage;
  techniqueId: string;
  range: AttackRange;
  onClose: () => void;
}) {
  const t = useT();
  const technique = findTechnique(coverage, techniqueId);
  const rules = new Map(coverage.rules.map((rule) => [rule.id, rule]));
  const title = technique ? `${technique.id} ${technique.name}` : techniqueId;
  const enabled = (technique?.rule_ids ?? []).flatMap((id) => rules.get(id) ?? []);
  const subs = (technique?.subtechniques ?? []).filter(
    (s) => s.rule_ids.length || s.disabled_rules || s.alerts,
  );
  return (
    <Drawer title={title} onClose={onClose} testId="attack-drawer">
      {!technique ? (
        <p className="text-muted">{t("attack.unknownTechnique")}</p>
      ) : (
        <div className="flex flex-col gap-4">
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-muted">
            <span>{t("attack.cellRules", { count: enabled.length })}</span>
            {technique.disabled_rules > 0 && (
              <span data-testid="attack-disabled">
                {t("attack.disabledRules", { count: technique.disabled_rules })}
              </span>
            )}
            <span>{t(`attack.alertsIn.${range}`, { count: technique.alerts })}</span>
            <a href={technique.url} target="_blank" rel="noreferrer" className="text-accent hover:underline">
              {t("attack.onMitre")}
            </a>
          </p>
          <section>
            <h3 className="mb-1 text-[13px] font-semibold">{t("attack.rules")}</h3>
            {enabled.length ? (
              <ul>
                {enabled.map((rule) => (
                  <RuleRow key={rule.id} rule={rule} range={range} />
                ))}
              </ul>
            ) : (
              <p className="text-muted">{t("attack.noRule")}</p>
            )}
            {(enabled.length > 0 || technique.disabled_rules > 0) && (
              <Link
                to="/alerts"
                search={{ technique: technique.id, range }}
                className="vg-btn mt-2"
                data-testid="attack-open-alerts"
              >
                {t("attack.openAlerts")}
              </Link>
            )}
          </section>
          {subs.length > 0 && (
            <section>
              <h3 className="mb-1 text-[13px] font-semibold">{t("attack.subtechniques")}</h3>
              <ul className="flex flex-col gap-1">
                {subs.map((sub) => (
                  <li key={sub.id} className="flex gap-2">
                    <span className="font-mono text-[12px]">{sub.id}</span>
                    <span className="min-w-0 flex-1">{sub.name}</span>
                    <span className="text-muted tabular-nums">
                      {t("attack.cellRules", { count: sub.rule_ids.length })}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </Drawer>
  );
}
