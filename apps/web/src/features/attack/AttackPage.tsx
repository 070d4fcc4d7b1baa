import { useNavigate } from "@tanstack/react-router";
import type { AttackCoverage } from "@vigie/contracts";
import { useState } from "react";
import {
  ATTACK_RANGES,
  type AttackRange,
  downloadNavigatorLayer,
  useAttackCoverage,
} from "../../api/attack.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryView } from "../../components/states.tsx";
import { type MessageKey, useT } from "../../i18n/index.ts";
import { type AttackSearch, attackRoute } from "../../routes/router.tsx";
import { AttackMatrix } from "./AttackMatrix.tsx";
import { COVERAGE_STEPS, STEP_CLASSES } from "./scale.ts";
import { TechniqueDrawer } from "./TechniqueDrawer.tsx";

const rangeOf = (value: string | undefined): AttackRange =>
  ATTACK_RANGES.includes(value as AttackRange) ? (value as AttackRange) : "7d";

/** "Download Navigator layer": the coverage as a layer file (audited on the server). */
function LayerButton({ range }: { range: AttackRange }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const run = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await downloadNavigatorLayer(range);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="vg-btn"
        disabled={busy}
        onClick={() => void run()}
        data-testid="attack-layer"
      >
        {t("attack.downloadLayer")}
      </button>
      {failed && (
        <span role="alert" className="text-[12px] text-red-700 dark:text-red-300">
          {t("attack.downloadFailed")}
        </span>
      )}
    </>
  );
}

/** The summary line and the colour legend. */
function Summary({ coverage, range }: { coverage: AttackCoverage; range: AttackRange }) {
  const t = useT();
  const { covered, techniques, with_alerts } = coverage.summary;
  const percent = techniques ? Math.round((covered / techniques) * 100) : 0;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-[12.5px] sm:px-5">
      <p data-testid="attack-summary">
        <strong>{t("attack.summary", { covered, total: techniques, percent })}</strong>
        {" · "}
        {t(`attack.withAlerts.${range}`, { count: with_alerts })}
      </p>
      <ul className="flex flex-wrap items-center gap-2 text-[11.5px]" aria-label={t("attack.legend")}>
        {COVERAGE_STEPS.map((step) => (
          <li key={step} className="flex items-center gap-1">
            <span
              aria-hidden="true"
              className={`inline-block size-3 rounded-sm border ${STEP_CLASSES[step]}`}
            />
            {t(`attack.step.${step}` as MessageKey)}
          </li>
        ))}
        <li className="flex items-center gap-1">
          <span
            aria-hidden="true"
            className="inline-block size-3 rounded-sm ring-2 ring-red-500 ring-inset"
          />
          {t("attack.step.alerts")}
        </li>
      </ul>
    </div>
  );
}

/**
 * `/attack`: the MITRE ATT&CK Enterprise matrix, each technique coloured by the enabled rules covering it and
 * marked when those rules raised alerts in the period; a technique opens its rules (docs/ATTACK.md).
 */
export function AttackPage() {
  const t = useT();
  const search = attackRoute.useSearch();
  const navigate = useNavigate({ from: "/attack" });
  const range = rangeOf(search.range);
  const coveredOnly = search.show === "covered";
  const coverage = useAttackCoverage(range);
  const set = (next: Partial<AttackSearch>) =>
    void navigate({ search: (prev: AttackSearch) => ({ ...prev, ...next }), replace: true });
  return (
    <>
      <PageHeader title={t("nav.attack")}>
        <select
          className="vg-input w-auto"
          aria-label={t("attack.period")}
          value={range}
          onChange={(e) => set({ range: e.target.value })}
          data-testid="attack-range"
        >
          {ATTACK_RANGES.map((r) => (
            <option key={r} value={r}>
              {t(`events.range.${r}`)}
            </option>
          ))}
        </select>
        <label className="flex items-center gap-1.5 text-[12.5px]">
          <input
            type="checkbox"
            checked={coveredOnly}
            onChange={(e) => set({ show: e.target.checked ? "covered" : undefined })}
            data-testid="attack-covered-only"
          />
          {t("attack.coveredOnly")}
        </label>
        <LayerButton range={range} />
      </PageHeader>
      <div className="flex min-h-0 flex-1 flex-col">
        <QueryView query={coverage}>
          {(data) => (
            <>
              <Summary coverage={data} range={range} />
              <AttackMatrix
                tactics={data.tactics}
                coveredOnly={coveredOnly}
                onOpen={(technique) => set({ technique })}
              />
              <footer
                className="border-t border-line px-3 py-1.5 text-[11px] text-muted sm:px-5"
                data-testid="attack-copyright"
              >
                {t("attack.source")} {data.attack.copyright}
              </footer>
              {search.technique && (
                <TechniqueDrawer
                  coverage={data}
                  techniqueId={search.technique}
                  range={range}
                  onClose={() => set({ technique: undefined })}
                />
              )}
            </>
          )}
        </QueryView>
      </div>
    </>
  );
}
