import type { LogEvent } from "@vigie/contracts";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useExceptionWrite } from "../../api/rules.ts";
import type { Alert } from "../../api/types.ts";
import { useDateTimeText } from "../../components/DateTimeInput.tsx";
import { useT } from "../../i18n/index.ts";
import {
  errorsUnder,
  expiryOf,
  type ReasonAndExpiry,
  ReasonAndExpiryFields,
} from "../rules/ExceptionFields.tsx";

/** Event columns an exception is most often made of, offered when the alert's events hold them. */
const COMMON_FIELDS = ["source_ip", "dest_ip", "hostname", "username", "event_type", "site_id"] as const;

/** The fields offered for an alert, each with the values its events (or its group) hold. */
function offeredFields(alert: Alert, events: LogEvent[]): { field: string; values: string[] }[] {
  const offered = new Map<string, Set<string>>();
  const add = (field: string, value: unknown) => {
    if (value === null || value === undefined || value === "") return;
    const values = offered.get(field) ?? new Set<string>();
    values.add(String(value));
    offered.set(field, values);
  };
  for (const [field, value] of Object.entries(alert.group_fields ?? {})) add(field, value);
  for (const field of COMMON_FIELDS) for (const event of events) add(field, event[field]);
  return [...offered].map(([field, values]) => ({ field, values: [...values] }));
}

/**
 * "Add exception…" of the alert drawer (supervisors and admins): the rule ignores from now on the events
 * whose chosen fields hold the values of this alert's events; its group fields are chosen at first.
 */
export function AddException({ alert, events }: { alert: Alert; events: LogEvent[] }) {
  const t = useT();
  const { create } = useExceptionWrite(alert.rule_id);
  const time = useDateTimeText();
  const fields = offeredFields(alert, events);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState(
    () => new Set(Object.keys(alert.group_fields ?? {}).filter((f) => f !== "site_id")),
  );
  const [meta, setMeta] = useState<ReasonAndExpiry>({ reason: "", expires: "" });
  if (create.isSuccess && !open)
    return (
      <p role="status" className="text-emerald-700 dark:text-emerald-300" data-testid="exception-created">
        {t("alerts.exception.created")}
      </p>
    );
  if (!open)
    return (
      <button type="button" className="vg-btn" onClick={() => setOpen(true)} data-testid="add-exception">
        {t("alerts.addException")}
      </button>
    );
  const toggle = (field: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (!next.delete(field)) next.add(field);
      return next;
    });
  return (
    <form
      className="flex flex-col gap-3 rounded-md border border-line p-3"
      data-testid="add-exception-form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          {
            from_alert: alert.id,
            fields: fields.map((f) => f.field).filter((f) => chosen.has(f)),
            reason: meta.reason,
            expires_at: expiryOf(meta.expires, time.read),
          },
          { onSuccess: () => setOpen(false) },
        );
      }}
    >
      <h3 className="vg-label">{t("alerts.exception.title", { rule: alert.rule_name })}</h3>
      <fieldset className="flex min-w-0 flex-col gap-1">
        <legend className="mb-1 text-[12.5px]">{t("alerts.exception.fields")}</legend>
        {fields.map(({ field, values }) => (
          <label key={field} className="flex min-w-0 items-center gap-2">
            <input type="checkbox" checked={chosen.has(field)} onChange={() => toggle(field)} />
            <span className="w-28 shrink-0 font-mono">{field}</span>
            <span className="min-w-0 truncate font-mono text-[12px] text-muted" title={values.join(", ")}>
              {values.join(", ")}
            </span>
          </label>
        ))}
        {errorsUnder(create.error, "fields") && (
          <p role="alert" className="text-[12px] text-red-600 dark:text-red-400">
            {errorsUnder(create.error, "fields")}
          </p>
        )}
      </fieldset>
      <ReasonAndExpiryFields value={meta} onChange={setMeta} error={create.error} />
      {create.error instanceof ApiError && !create.error.body.details?.length && (
        <p role="alert" className="text-red-600 dark:text-red-400">
          {create.error.body.message}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          className="vg-btn-primary"
          disabled={create.isPending || chosen.size === 0}
          data-testid="create-exception"
        >
          {t("alerts.exception.create")}
        </button>
        <button type="button" className="vg-btn" onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
