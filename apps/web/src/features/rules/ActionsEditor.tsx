import { RULE_ACTIONS, type RuleActionType } from "@vigie/contracts";
import { Field } from "../../components/Field.tsx";
import { type MessageKey, useT } from "../../i18n/index.ts";
import type { ActionRow } from "./ruleForm.ts";

const ACTION_LABEL: Record<RuleActionType, MessageKey> = {
  log: "rules.action.log",
  email: "rules.action.email",
  webhook: "rules.action.webhook",
};

/** The fields of one action, by type. */
function ActionFields({
  row,
  index,
  update,
  errorAt,
}: {
  row: ActionRow;
  index: number;
  update: (patch: Partial<ActionRow>) => void;
  errorAt: (p: string) => string | undefined;
}) {
  const t = useT();
  if (row.type === "email")
    return (
      <Field
        label={t("rules.recipients")}
        error={errorAt(`actions.${index}.config.recipients`)}
        hint={t("rules.recipientsHint")}
        className="flex-1"
      >
        {(p) => (
          <input
            {...p}
            className="vg-input"
            value={row.recipients}
            onChange={(e) => update({ recipients: e.target.value })}
          />
        )}
      </Field>
    );
  if (row.type === "webhook")
    return (
      <>
        <Field
          label={t("rules.webhookUrl")}
          error={errorAt(`actions.${index}.config.url`)}
          className="flex-1"
        >
          {(p) => (
            <input
              {...p}
              type="url"
              className="vg-input"
              value={row.url}
              placeholder="https://"
              onChange={(e) => update({ url: e.target.value })}
            />
          )}
        </Field>
        <Field label={t("rules.webhookSecret")} error={errorAt(`actions.${index}.config.secret`)}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              className="vg-input w-40"
              value={row.secret}
              onChange={(e) => update({ secret: e.target.value })}
            />
          )}
        </Field>
      </>
    );
  return <p className="flex-1 self-center text-muted">{t("rules.logActionHint")}</p>;
}

/** The list of actions run when the rule fires. */
export function ActionsEditor({
  rows,
  onChange,
  errorAt,
}: {
  rows: ActionRow[];
  onChange: (rows: ActionRow[]) => void;
  errorAt: (p: string) => string | undefined;
}) {
  const t = useT();
  const update = (i: number, patch: Partial<ActionRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="vg-label mb-1">{t("rules.actions")}</legend>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: actions are ordered and have no identity besides position
        <div key={i} className="flex flex-wrap items-end gap-2 rounded-md border border-line p-2">
          <span className="w-20 self-center font-semibold">{t(ACTION_LABEL[row.type])}</span>
          <ActionFields row={row} index={i} update={(patch) => update(i, patch)} errorAt={errorAt} />
          <button type="button" className="vg-btn" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {t("common.delete")}
          </button>
        </div>
      ))}
      <div className="flex gap-2">
        {RULE_ACTIONS.map((type) => (
          <button
            key={type}
            type="button"
            className="vg-btn"
            onClick={() => onChange([...rows, { type, recipients: "", url: "", secret: "" }])}
          >
            + {t(ACTION_LABEL[type])}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
