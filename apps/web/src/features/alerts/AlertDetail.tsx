import { Link } from "@tanstack/react-router";
import type { AlertStatus } from "@vigie/contracts";
import { useState } from "react";
import { useAlert, useUpdateAlertStatus } from "../../api/alerts.ts";
import { ApiError } from "../../api/client.ts";
import type { Alert } from "../../api/types.ts";
import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import { Drawer } from "../../components/Drawer.tsx";
import { QueryView } from "../../components/states.tsx";
import { type MessageKey, useFormat, useT } from "../../i18n/index.ts";

/** Which lifecycle moves each status offers, and the button label for each move. */
const NEXT_STEPS: Record<AlertStatus, AlertStatus[]> = {
  new: ["acknowledged", "investigating", "resolved", "false_positive"],
  acknowledged: ["investigating", "resolved", "false_positive"],
  investigating: ["resolved", "false_positive"],
  resolved: ["new"],
  false_positive: ["new"],
};
const STEP_LABEL: Record<AlertStatus, MessageKey> = {
  new: "alerts.reopen",
  acknowledged: "alerts.acknowledge",
  investigating: "alerts.investigate",
  resolved: "alerts.resolve",
  false_positive: "alerts.falsePositive",
};

/** Lifecycle buttons with an optional note (every role may triage). */
function Lifecycle({ alert }: { alert: Alert }) {
  const t = useT();
  const update = useUpdateAlertStatus();
  const [notes, setNotes] = useState("");
  const move = (status: AlertStatus) =>
    update.mutate(
      { id: alert.id, status, ...(notes.trim() ? { notes: notes.trim() } : {}) },
      { onSuccess: () => setNotes("") },
    );
  return (
    <div className="flex flex-col gap-2" data-testid="alert-lifecycle">
      <label className="flex flex-col gap-1">
        <span className="vg-label">{t("alerts.notes")}</span>
        <textarea
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          rows={2}
          className="vg-input h-auto py-1.5"
        />
      </label>
      <div className="flex flex-wrap gap-2">
        {NEXT_STEPS[alert.status].map((status) => (
          <button
            key={status}
            type="button"
            className="vg-btn"
            disabled={update.isPending}
            onClick={() => move(status)}
          >
            {t(STEP_LABEL[status])}
          </button>
        ))}
      </div>
      {update.error instanceof ApiError && (
        <p role="alert" className="text-red-600 dark:text-red-400">
          {update.error.body.message}
        </p>
      )}
    </div>
  );
}

/** Who did what and when: the server's history when it keeps one, else the lifecycle timestamps. */
function History({ alert }: { alert: Alert }) {
  const t = useT();
  const fmt = useFormat();
  const entries = alert.history?.length
    ? alert.history.map((h) => ({
        at: h.at,
        text: `${h.by ?? "—"}: ${h.from ? `${t(`status.${h.from}`)} → ` : ""}${t(`status.${h.to}`)}`,
        notes: h.notes,
      }))
    : [
        { at: alert.created_at, text: t("alerts.created"), notes: null },
        ...(alert.acknowledged_at
          ? [
              {
                at: alert.acknowledged_at,
                text: t("alerts.acknowledgedBy", { user: alert.acknowledged_by ?? "—" }),
                notes: null,
              },
            ]
          : []),
        ...(alert.resolved_at
          ? [{ at: alert.resolved_at, text: t(`status.${alert.status}`), notes: null }]
          : []),
      ];
  return (
    <ol className="flex flex-col gap-1" data-testid="alert-history">
      {entries.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: history entries are append-only and may share a timestamp
        <li key={`${e.at}-${i}`} className="grid grid-cols-[9.5rem_1fr] gap-2">
          <span className="tabular-nums text-muted">{fmt.dateTime(e.at)}</span>
          <span>
            {e.text}
            {e.notes && <span className="block whitespace-pre-wrap text-muted">{e.notes}</span>}
          </span>
        </li>
      ))}
      {!alert.history?.length && alert.notes && (
        <li className="whitespace-pre-wrap text-muted">{alert.notes}</li>
      )}
    </ol>
  );
}

/** The alert drawer: lifecycle, history, action deliveries and the matched events. */
export function AlertDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const query = useAlert(id);
  return (
    <Drawer title={query.data?.alert.title ?? t("alerts.detail")} onClose={onClose} testId="alert-detail">
      <QueryView query={query}>
        {({ alert, matched_events }) => (
          <div className="flex flex-col gap-5">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={alert.severity} />
              <StatusBadge status={alert.status} />
              <span className="text-muted">{alert.rule_name}</span>
              {alert.mitre_technique && (
                <span className="rounded bg-raised px-1.5 font-mono text-[11px]">
                  {alert.mitre_technique}
                </span>
              )}
              <span className="font-mono text-muted">{alert.site_id ?? ""}</span>
            </div>
            <Lifecycle alert={alert} />
            <section className="flex flex-col gap-2">
              <h3 className="vg-label">{t("alerts.history")}</h3>
              <History alert={alert} />
            </section>
            <section className="flex flex-col gap-2" data-testid="alert-actions">
              <h3 className="vg-label">{t("alerts.actions")}</h3>
              {alert.action_results?.length ? (
                <ul className="flex flex-col gap-1">
                  {alert.action_results.map((a, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a rule may have two actions of one type
                    <li key={`${a.type}-${i}`} className="flex gap-2">
                      <span className="w-20 font-mono">{a.type}</span>
                      <span className={a.status === "failed" ? "text-red-600 dark:text-red-400" : ""}>
                        {a.status}
                      </span>
                      {a.attempts !== undefined && <span className="text-muted">×{a.attempts}</span>}
                      {a.error && <span className="truncate text-muted">{a.error}</span>}
                      <span className="ml-auto text-muted">{fmt.dateTime(a.at)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-muted">{t("alerts.noActions")}</p>
              )}
            </section>
            <section className="flex flex-col gap-2">
              <div className="flex items-center gap-2">
                <h3 className="vg-label">
                  {t("alerts.matchedEvents", { count: alert.matched_event_count })}
                </h3>
                <Link
                  to="/events"
                  search={{ q: `alert:${alert.id}` }}
                  className="ml-auto text-accent text-[12.5px] hover:underline"
                  data-testid="open-matched-events"
                >
                  {t("alerts.openAllEvents")}
                </Link>
              </div>
              <ul
                className="flex flex-col divide-y divide-line/60 rounded-md border border-line"
                data-testid="matched-events"
              >
                {matched_events.map((e) => (
                  <li key={e.id}>
                    <Link
                      to="/events"
                      search={{ event: e.id }}
                      className="grid grid-cols-[9.5rem_5.5rem_1fr_8rem] items-center gap-2 px-2 py-1 hover:bg-raised"
                    >
                      <span className="tabular-nums text-muted">{fmt.dateTime(e.timestamp)}</span>
                      <SeverityBadge severity={e.severity} />
                      <span className="truncate">{e.event_type}</span>
                      <span className="truncate font-mono text-[12px] text-muted">
                        {e.source_ip ?? e.username ?? ""}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        )}
      </QueryView>
    </Drawer>
  );
}
