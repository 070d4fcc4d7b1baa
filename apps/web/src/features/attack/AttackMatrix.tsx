import type { AttackTactic, AttackTechnique } from "@vigie/contracts";
import { useFormat, useT } from "../../i18n/index.ts";
import { coverageStep, STEP_CLASSES } from "./scale.ts";

/** One technique: its id and name, coloured by its enabled rules, a red mark when it had alerts. */
function TechniqueCell({ technique, onOpen }: { technique: AttackTechnique; onOpen: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const rules = technique.rule_ids.length;
  // Said after the id and name by screen readers, instead of the bare numbers shown.
  const counts = [
    t("attack.cellRules", { count: rules }),
    technique.alerts ? t("attack.cellAlerts", { count: technique.alerts }) : "",
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <li>
      <button
        type="button"
        onClick={onOpen}
        title={`${technique.id} ${technique.name}: ${counts}`}
        data-testid="attack-cell"
        data-technique={technique.id}
        data-rules={rules}
        className={`relative flex w-full flex-col items-start gap-0.5 rounded border px-1.5 py-1 text-left text-[11.5px] leading-tight hover:brightness-105 ${STEP_CLASSES[coverageStep(rules)]} ${technique.alerts ? "ring-2 ring-red-500 ring-inset" : ""}`}
      >
        <span className="flex w-full items-center gap-1 font-mono text-[10.5px] opacity-90">
          <span className="flex-1">{technique.id}</span>
          {rules > 0 && (
            <span aria-hidden="true" className="tabular-nums font-semibold">
              {fmt.number(rules)}
            </span>
          )}
        </span>
        <span className="line-clamp-2 font-medium">{technique.name}</span>
        <span className="sr-only">, {counts}</span>
        {technique.alerts > 0 && (
          <span
            aria-hidden="true"
            className="absolute -top-1.5 -right-1.5 rounded-full bg-red-600 px-1 text-[10px] font-semibold text-white tabular-nums"
            data-testid="attack-cell-alerts"
          >
            {fmt.number(technique.alerts)}
          </span>
        )}
      </button>
    </li>
  );
}

/** A tactic's head: its name, its covered techniques and their share. */
function TacticHead({ tactic }: { tactic: AttackTactic }) {
  const t = useT();
  const total = tactic.techniques.length;
  const percent = total ? Math.round((tactic.covered / total) * 100) : 0;
  return (
    <div className="sticky top-0 z-10 border-b border-line bg-panel px-1.5 pt-2 pb-1.5">
      <a
        href={tactic.url}
        target="_blank"
        rel="noreferrer"
        className="line-clamp-2 min-h-[2lh] text-[12.5px] leading-tight font-semibold hover:underline"
        title={`${tactic.id} ${tactic.name}`}
      >
        {tactic.name}
      </a>
      <span className="text-[11px] text-muted tabular-nums" data-testid="attack-tactic-share">
        {t("attack.tacticShare", { covered: tactic.covered, total, percent })}
      </span>
    </div>
  );
}

/** The 14 tactics side by side, each with its techniques; scrolls sideways on narrow screens. */
export function AttackMatrix({
  tactics,
  coveredOnly,
  onOpen,
}: {
  tactics: AttackTactic[];
  coveredOnly: boolean;
  onOpen: (technique: string) => void;
}) {
  const t = useT();
  return (
    <div className="min-h-0 flex-1 overflow-auto" data-testid="attack-matrix">
      <div className="flex w-max gap-1.5 px-3 pb-4 sm:px-5">
        {tactics.map((tactic) => {
          const techniques = coveredOnly
            ? tactic.techniques.filter((x) => x.rule_ids.length)
            : tactic.techniques;
          return (
            <section
              key={tactic.id}
              className="w-[8.5rem] shrink-0"
              aria-label={tactic.name}
              data-testid="attack-tactic"
            >
              <TacticHead tactic={tactic} />
              <ul className="mt-1.5 flex flex-col gap-1">
                {techniques.map((technique) => (
                  <TechniqueCell
                    key={technique.id}
                    technique={technique}
                    onOpen={() => onOpen(technique.id)}
                  />
                ))}
              </ul>
              {techniques.length === 0 && (
                <p className="px-1.5 pt-2 text-[11.5px] text-muted">{t("attack.noneCovered")}</p>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
