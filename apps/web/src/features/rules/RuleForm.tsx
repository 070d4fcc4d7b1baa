import { RULE_TYPES, type RuleCreateInput, RuleCreateSchema, SEVERITIES } from "@vigie/contracts";
import { type FormEvent, useId, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { Field } from "../../components/Field.tsx";
import { useT } from "../../i18n/index.ts";
import { ActionsEditor } from "./ActionsEditor.tsx";
import { CONDITION_EDITORS } from "./ConditionEditors.tsx";
import { FieldSuggestions } from "./FilterEditor.tsx";
import { issuePath, type RuleFormState, toRuleCreate } from "./ruleForm.ts";

/**
 * Checks the payload with the shared schema first, so most mistakes show before a round trip. A condition
 * left without a value is refused too: `{event_type: ""}` is valid but matches nothing, a silent dud rule.
 */
export function validateRule(payload: RuleCreateInput, blankValueMessage: string): Record<string, string> {
  const result = RuleCreateSchema.safeParse(payload);
  const errors: Record<string, string> = {};
  if (!result.success)
    for (const issue of result.error.issues) errors[issuePath(issue.path)] ??= issue.message;
  for (const path of blankFilterPaths(payload)) errors[path] ??= blankValueMessage;
  return errors;
}

/** Where an event filter of the payload has a field with an empty value. */
function blankFilterPaths(payload: RuleCreateInput): string[] {
  const blank = (filter: unknown) =>
    Object.values((filter ?? {}) as Record<string, unknown>).some((v) => v === "");
  const conditions = payload.conditions as { event_filter?: unknown; steps?: { event_filter?: unknown }[] };
  const paths = blank(conditions.event_filter) ? ["conditions.event_filter"] : [];
  conditions.steps?.forEach((step, i) => {
    if (blank(step.event_filter)) paths.push(`conditions.steps.${i}.event_filter`);
  });
  return paths;
}

/**
 * Create / edit form with one conditions editor per rule type. Field errors come from the shared schema and,
 * after saving, from the API's 422 `details`, each shown next to its field.
 */
export function RuleForm({
  initial,
  onSubmit,
  onCancel,
  readOnly = false,
}: {
  initial: RuleFormState;
  onSubmit: (payload: RuleCreateInput) => Promise<unknown>;
  onCancel: () => void;
  readOnly?: boolean;
}) {
  const t = useT();
  const listId = useId();
  const [state, setState] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<RuleFormState>) => setState((s) => ({ ...s, ...patch }));
  const errorAt = (path: string) =>
    errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];
  const Editor = CONDITION_EDITORS[state.rule_type];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = toRuleCreate(state);
    const local = validateRule(payload, t("rules.filterValueRequired"));
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await onSubmit(payload);
    } catch (cause) {
      if (cause instanceof ApiError) {
        setErrors(cause.fieldErrors());
        setFormError(cause.body.message);
      } else setFormError(String(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" data-testid="rule-form" noValidate>
      <FieldSuggestions id={listId} />
      <fieldset disabled={readOnly} className="flex flex-col gap-4">
        <div className="flex flex-wrap gap-4">
          <Field label={t("rules.name")} error={errorAt("name")} className="min-w-64 flex-1">
            {(p) => (
              <input
                {...p}
                name="name"
                className="vg-input"
                value={state.name}
                onChange={(e) => set({ name: e.target.value })}
              />
            )}
          </Field>
          <Field label={t("rules.type")} error={errorAt("rule_type")}>
            {(p) => (
              <select
                {...p}
                name="rule_type"
                className="vg-input"
                value={state.rule_type}
                onChange={(e) => set({ rule_type: e.target.value as RuleFormState["rule_type"] })}
              >
                {RULE_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`rules.type.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("events.col.severity")} error={errorAt("severity")}>
            {(p) => (
              <select
                {...p}
                name="severity"
                className="vg-input"
                value={state.severity}
                onChange={(e) => set({ severity: e.target.value as RuleFormState["severity"] })}
              >
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`severity.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t("rules.description")} error={errorAt("description")}>
          {(p) => (
            <textarea
              {...p}
              name="description"
              rows={2}
              className="vg-input h-auto py-1.5"
              value={state.description}
              onChange={(e) => set({ description: e.target.value })}
            />
          )}
        </Field>
        <section
          className="flex flex-col gap-3 rounded-md border border-line bg-raised/40 p-3"
          data-testid={`conditions-${state.rule_type}`}
        >
          <h3 className="vg-label">{t("rules.conditions")}</h3>
          <Editor state={state} set={set} errorAt={errorAt} errors={errors} listId={listId} />
        </section>
        <div className="flex flex-wrap gap-4">
          <Field label={t("rules.cooldown")} error={errorAt("cooldown_seconds")} hint={t("rules.seconds")}>
            {(p) => (
              <input
                {...p}
                name="cooldown_seconds"
                type="number"
                min={0}
                className="vg-input w-32"
                value={state.cooldown_seconds}
                onChange={(e) => set({ cooldown_seconds: e.target.value })}
              />
            )}
          </Field>
          <Field label={t("rules.mitreTactic")} error={errorAt("mitre_tactic")}>
            {(p) => (
              <input
                {...p}
                name="mitre_tactic"
                placeholder="TA0006"
                className="vg-input w-32 font-mono"
                value={state.mitre_tactic}
                onChange={(e) => set({ mitre_tactic: e.target.value })}
              />
            )}
          </Field>
          <Field label={t("rules.mitreTechnique")} error={errorAt("mitre_technique")}>
            {(p) => (
              <input
                {...p}
                name="mitre_technique"
                placeholder="T1110"
                className="vg-input w-32 font-mono"
                value={state.mitre_technique}
                onChange={(e) => set({ mitre_technique: e.target.value })}
              />
            )}
          </Field>
          <label className="flex items-center gap-2 self-end pb-1.5">
            <input
              type="checkbox"
              name="enabled"
              checked={state.enabled}
              onChange={(e) => set({ enabled: e.target.checked })}
            />
            {t("rules.enabled")}
          </label>
        </div>
        <ActionsEditor rows={state.actions} onChange={(actions) => set({ actions })} errorAt={errorAt} />
      </fieldset>
      {formError && (
        <p
          role="alert"
          className="rounded-md border border-red-500/40 bg-red-500/10 px-3 py-2 text-red-700 dark:text-red-300"
        >
          {formError}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className="vg-btn" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        {!readOnly && (
          <button type="submit" className="vg-btn-primary" disabled={busy}>
            {busy ? t("common.saving") : t("common.save")}
          </button>
        )}
      </div>
    </form>
  );
}
