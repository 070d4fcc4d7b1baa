import type { Rule } from "@vigie/contracts";
import type { ReactNode } from "react";
import { useDeleteRule, useSaveRule } from "../../api/rules.ts";
import { Drawer } from "../../components/Drawer.tsx";
import { useT } from "../../i18n/index.ts";
import { BacktestPanel } from "./BacktestPanel.tsx";
import { RuleExceptions } from "./RuleExceptions.tsx";
import { RuleForm } from "./RuleForm.tsx";
import { emptyRuleForm, fromRule, type RuleFormState } from "./ruleForm.ts";

/** What the drawer shows: a new rule (blank, or pre-filled with an introduction above), or a stored one. */
export type Editing =
  | { mode: "new"; initial?: RuleFormState; title?: string; intro?: ReactNode }
  | { mode: "edit"; rule: Rule };

/** The drawer of one rule: its form (read-only for analysts), backtest and deletion. */
export function RuleDrawer({
  editing,
  canWrite,
  onClose,
}: {
  editing: Editing;
  canWrite: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const save = useSaveRule();
  const remove = useDeleteRule();
  const rule = editing.mode === "edit" ? editing.rule : undefined;
  const fresh = editing.mode === "new" ? editing : undefined;
  const onSubmit = (payload: Parameters<typeof save.mutateAsync>[0]["input"]) =>
    save
      .mutateAsync(rule ? { id: rule.id, input: payload as never } : { input: payload as never })
      .then(onClose);
  return (
    <Drawer title={rule?.name ?? fresh?.title ?? t("rules.new")} onClose={onClose} testId="rule-drawer">
      <div className="flex flex-col gap-5">
        {fresh?.intro}
        {rule?.last_error && (
          <p role="alert" className="rounded-md border border-amber-400/40 bg-amber-400/10 px-3 py-2">
            {rule.last_error}
          </p>
        )}
        <RuleForm
          initial={rule ? fromRule(rule) : (fresh?.initial ?? emptyRuleForm())}
          onSubmit={onSubmit}
          onCancel={onClose}
          readOnly={!canWrite}
        />
        {rule && <RuleExceptions ruleId={rule.id} canWrite={canWrite} />}
        {rule && <BacktestPanel ruleId={rule.id} />}
        {rule && canWrite && (
          <div>
            <button
              type="button"
              className="vg-btn-danger"
              onClick={() =>
                window.confirm(t("common.confirmDelete", { name: rule.name })) &&
                remove.mutate(rule.id, { onSuccess: onClose })
              }
            >
              {t("rules.delete")}
            </button>
          </div>
        )}
      </div>
    </Drawer>
  );
}
