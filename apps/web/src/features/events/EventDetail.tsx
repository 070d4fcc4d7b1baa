import { EVENT_STATUSES, type EventStatus, type LogEvent } from "@vigie/contracts";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useLog, useTriageEvent } from "../../api/logs.ts";
import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import { Drawer } from "../../components/Drawer.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { PinToCase } from "../cases/PinToCase.tsx";
import { AddressContext } from "./AddressContext.tsx";
import type { PivotField } from "./eventColumns.tsx";

/** Pretty JSON for display; any value (even cyclic or odd) ends up as plain text. */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? "null";
  } catch {
    return String(value);
  }
}

function KeyValues({ rows }: { rows: [string, unknown][] }) {
  return (
    <dl className="grid grid-cols-[11rem_1fr] gap-x-3 gap-y-1 text-[12.5px]">
      {rows.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="truncate font-mono text-muted">{key}</dt>
          <dd className="break-all font-mono">
            {value === null || value === undefined
              ? "—"
              : typeof value === "object"
                ? prettyJson(value)
                : String(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="vg-label">{title}</h3>
      {children}
    </section>
  );
}

/** Status and assignment of one event (every role may triage, CONTRACT §9). */
function TriageForm({ event }: { event: LogEvent }) {
  const t = useT();
  const triage = useTriageEvent();
  const [saved, setSaved] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const assigned = String(data.get("assigned_to") ?? "").trim();
    setSaved(false);
    triage.mutate(
      { id: event.id, status: data.get("status") as EventStatus, assigned_to: assigned || null },
      { onSuccess: () => setSaved(true) },
    );
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" data-testid="event-triage">
      <label className="flex flex-col gap-1">
        <span className="vg-label">{t("events.col.status")}</span>
        <select name="status" defaultValue={event.status} className="vg-input">
          {EVENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-1 flex-col gap-1">
        <span className="vg-label">{t("events.assignedTo")}</span>
        <input name="assigned_to" defaultValue={event.assigned_to ?? ""} className="vg-input" />
      </label>
      <button type="submit" className="vg-btn-primary" disabled={triage.isPending}>
        {triage.isPending ? t("common.saving") : t("common.save")}
      </button>
      {saved && <span className="text-emerald-600 dark:text-emerald-400">{t("events.triageSaved")}</span>}
      {triage.error instanceof ApiError && (
        <p role="alert" className="w-full text-red-600 dark:text-red-400">
          {triage.error.body.message}
        </p>
      )}
    </form>
  );
}

const PIVOTS: [keyof LogEvent, PivotField][] = [
  ["source_ip", "ip"],
  ["dest_ip", "ip"],
  ["username", "username"],
  ["hostname", "hostname"],
];

/** The detail drawer of one event: summary, triage, normalized fields, raw JSON and raw log, all as text. */
export function EventDetail({
  id,
  onClose,
  onPivot,
}: {
  id: string;
  onClose: () => void;
  onPivot: (f: PivotField, v: string) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const query = useLog(id);
  return (
    <Drawer title={query.data?.event_type ?? t("events.detail")} onClose={onClose} testId="event-detail">
      <QueryView query={query}>
        {(event) => (
          <div className="flex flex-col gap-5">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={event.severity} />
              <StatusBadge status={event.status} />
              <span className="tabular-nums text-muted">{fmt.dateTime(event.timestamp)}</span>
              <span className="font-mono text-muted">{event.site_id ?? ""}</span>
            </div>
            {event.message && <p className="whitespace-pre-wrap break-words">{event.message}</p>}
            <div className="flex flex-wrap gap-2">
              {PIVOTS.filter(([field]) => event[field]).map(([field, kind]) => (
                <button
                  key={field}
                  type="button"
                  className="vg-btn"
                  onClick={() => onPivot(kind, String(event[field]))}
                >
                  {t("events.pivotOn", { value: String(event[field]) })}
                </button>
              ))}
            </div>
            <PinToCase eventId={event.id} />
            <AddressContext event={event} />
            <Section title={t("events.triage")}>
              <TriageForm event={event} />
            </Section>
            <Section title={t("events.fields")}>
              <KeyValues
                rows={(
                  [
                    "source_type",
                    "event_type",
                    "source_ip",
                    "source_port",
                    "dest_ip",
                    "dest_port",
                    "hostname",
                    "username",
                    "mitre_tactic",
                    "mitre_technique",
                    "scenario_run_id",
                    "received_at",
                    "id",
                  ] as const
                ).map((k) => [k, event[k]])}
              />
            </Section>
            <Section title={t("events.normalized")}>
              <KeyValues rows={Object.entries(event.normalized ?? {})} />
            </Section>
            {event.raw_log && (
              <Section title={t("events.rawLog")}>
                <pre
                  className="overflow-auto whitespace-pre-wrap break-all rounded-md bg-raised p-3 font-mono text-[12px]"
                  data-testid="raw-log"
                >
                  {event.raw_log}
                </pre>
              </Section>
            )}
            <Section title={t("events.rawJson")}>
              <pre
                className="max-h-96 overflow-auto rounded-md bg-raised p-3 font-mono text-[12px]"
                data-testid="raw-json"
              >
                {prettyJson(event.raw)}
              </pre>
            </Section>
          </div>
        )}
      </QueryView>
    </Drawer>
  );
}
