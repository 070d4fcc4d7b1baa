import { PACK_LEVELS, PACK_STATUSES, type RulePack, type RulePackSelection } from "@vigie/contracts";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useInstallRulePack, useRulePacks } from "../../api/rule-packs.ts";
import { Drawer } from "../../components/Drawer.tsx";
import { QueryView } from "../../components/states.tsx";
import { type MessageKey, useFormat, useT } from "../../i18n/index.ts";
import { hasRole, useRole } from "../../stores/auth.ts";
import { ImportOutcome } from "./SigmaImport.tsx";

type Field = "statuses" | "levels" | "products";
type Choice = Record<Field, string[]>;
const CELL_KEY = { statuses: "status", levels: "level", products: "product" } as const;

/** The example of the issue: stable and test, high and critical, every product of the pack. */
const defaultChoice = (pack: RulePack): Choice => ({
  statuses: ["stable", "test"],
  levels: ["high", "critical"],
  products: [...pack.products],
});

/** How many rules the choice selects, with `field` set to `value` alone when given (a checkbox's live count). */
function countRules(pack: RulePack, choice: Choice, field?: Field, value?: string): number {
  return pack.cells
    .filter((cell) =>
      (Object.keys(CELL_KEY) as Field[]).every((f) =>
        f === field ? cell[CELL_KEY[f]] === value : choice[f].includes(cell[CELL_KEY[f]]),
      ),
    )
    .reduce((sum, cell) => sum + cell.rules, 0);
}

/** One group of checkboxes (statuses, levels or products), each with the rules it would add. */
function ChoiceGroup(props: {
  pack: RulePack;
  choice: Choice;
  field: Field;
  values: readonly string[];
  onChange: (next: Choice) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const { pack, choice, field, values, onChange } = props;
  const toggle = (value: string, on: boolean) =>
    onChange({
      ...choice,
      [field]: on ? [...choice[field], value] : choice[field].filter((v) => v !== value),
    });
  return (
    <fieldset className="flex flex-col gap-1" data-testid={`pack-${field}`}>
      <legend className="vg-label mb-1">{t(`packs.field.${field}`)}</legend>
      {values.map((value) => (
        <label key={value} className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={choice[field].includes(value)}
            onChange={(e) => toggle(value, e.target.checked)}
            data-testid={`pack-${field}-${value}`}
          />
          <span>{t(`packs.value.${value}` as MessageKey)}</span>
          <span className="ml-auto font-mono text-[12px] text-muted">
            {fmt.number(countRules(pack, choice, field, value))}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** One pack: what it is, the selection with live counts, preview and install (admins). */
function PackPanel({ pack }: { pack: RulePack }) {
  const t = useT();
  const canInstall = hasRole(useRole(), "admin");
  const [choice, setChoice] = useState<Choice>(() => defaultChoice(pack));
  const run = useInstallRulePack();
  const selected = countRules(pack, choice);
  const send = (dryRun: boolean) =>
    run.mutate({ pack: pack.name, selection: { ...choice, dry_run: dryRun } satisfies RulePackSelection });
  const change = (next: Choice) => {
    setChoice(next);
    run.reset();
  };
  const error = run.error instanceof ApiError ? run.error : null;
  return (
    <section className="flex flex-col gap-4" data-testid="rule-pack">
      <div>
        <h3 className="font-semibold">{pack.title}</h3>
        <p className="text-[12.5px] text-muted">
          {pack.source} · {pack.licence}
        </p>
        <p data-testid="pack-installed">
          {t("packs.installed", { installed: pack.installed, enabled: pack.enabled, rules: pack.rules })}
        </p>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {(
          [
            ["statuses", PACK_STATUSES],
            ["levels", PACK_LEVELS],
            ["products", pack.products],
          ] as const
        ).map(([field, values]) => (
          <ChoiceGroup
            key={field}
            pack={pack}
            choice={choice}
            field={field}
            values={values}
            onChange={change}
          />
        ))}
      </div>
      <p className="text-muted">{t("packs.never")}</p>
      <p className="font-medium" data-testid="pack-selected">
        {t("packs.selected", { count: selected })}
      </p>
      {canInstall ? (
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="vg-btn"
            disabled={!selected || run.isPending}
            onClick={() => send(true)}
            data-testid="pack-preview"
          >
            {t("sigma.preview")}
          </button>
          <button
            type="button"
            className="vg-btn-primary"
            disabled={!selected || run.isPending}
            onClick={() => send(false)}
            data-testid="pack-install"
          >
            {run.isPending ? t("common.loading") : t("packs.install")}
          </button>
        </div>
      ) : (
        <p className="text-muted">{t("packs.adminOnly")}</p>
      )}
      {error && (
        <div role="alert" className="rounded-md border border-red-400/40 bg-red-400/10 px-3 py-2">
          <p className="font-medium">{error.body.message}</p>
          {error.body.details?.map((detail) => (
            <p key={detail.field} className="font-mono text-[12px]">
              {detail.field}: {detail.message}
            </p>
          ))}
        </div>
      )}
      {run.data && (
        <>
          {Boolean(run.data.disabled?.length) && (
            <p className="font-medium text-amber-800 dark:text-amber-400" data-testid="pack-disabled">
              {t(run.data.dry_run ? "packs.wouldDisable" : "packs.disabled", {
                count: run.data.disabled?.length ?? 0,
              })}
            </p>
          )}
          <ImportOutcome result={run.data} />
        </>
      )}
    </section>
  );
}

/** The drawer of the rule packs shipped with Vigie (SigmaHQ): choose by status, level and product, preview, install. */
export function RulePacksDrawer({ onClose }: { onClose: () => void }) {
  const t = useT();
  const packs = useRulePacks();
  return (
    <Drawer title={t("packs.title")} onClose={onClose} testId="packs-drawer">
      <div className="flex flex-col gap-6">
        <p className="text-muted">{t("packs.intro")}</p>
        <QueryView query={packs}>
          {(data) => data.map((pack) => <PackPanel key={pack.name} pack={pack} />)}
        </QueryView>
      </div>
    </Drawer>
  );
}
