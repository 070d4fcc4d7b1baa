import type { AlertStatus } from "@vigie/contracts";
import { useId, useState } from "react";
import { type AlertChange, useAlertChange, useAssignees } from "../../api/alerts.ts";
import { ApiError } from "../../api/client.ts";
import type { Alert } from "../../api/types.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";
import { useAuthStore } from "../../stores/auth.ts";

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

/** Who works the alert: a list of users, and "assign to me" in one click. */
function AssigneeControl({
  alert,
  onChange,
  busy,
}: {
  alert: Alert;
  onChange: (c: AlertChange) => void;
  busy: boolean;
}) {
  const t = useT();
  const me = useAuthStore((s) => s.user?.id);
  const assignees = useAssignees();
  const id = useId();
  const mine = Boolean(me) && alert.assignee_id === me;
  const known = assignees.data?.some((u) => u.id === alert.assignee_id);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="flex min-w-0 flex-1 flex-col gap-1" htmlFor={id}>
        <span className="vg-label">{t("alerts.col.assignee")}</span>
        <select
          id={id}
          className="vg-input w-full"
          value={alert.assignee_id ?? ""}
          disabled={busy}
          onChange={(e) => onChange({ kind: "assignee", id: alert.id, assignee_id: e.target.value || null })}
          data-testid="alert-assignee-select"
        >
          <option value="">{t("alerts.assignee.nobody")}</option>
          {alert.assignee_id && !known && <option value={alert.assignee_id}>{alert.assignee ?? "—"}</option>}
          {assignees.data?.map((user) => (
            <option key={user.id} value={user.id}>
              {user.username}
            </option>
          ))}
        </select>
      </label>
      {!mine && me && (
        <button
          type="button"
          className="vg-btn"
          disabled={busy}
          onClick={() => onChange({ kind: "assignee", id: alert.id, assignee_id: me })}
          data-testid="assign-to-me"
        >
          {t("alerts.assignToMe")}
        </button>
      )}
    </div>
  );
}

/**
 * Triage of one alert (every role may triage): the assignee, a note (added alone, or carried by the status
 * change clicked next), and the lifecycle moves its status allows.
 */
export function AlertTriagePanel({ alert }: { alert: Alert }) {
  const t = useT();
  const change = useAlertChange();
  const [notes, setNotes] = useState("");
  const noteId = useId();
  const text = notes.trim();
  const send = (c: AlertChange) =>
    change.mutate(c, { onSuccess: () => c.kind !== "assignee" && setNotes("") });
  return (
    <div className="flex flex-col gap-3 rounded-md border border-line p-3" data-testid="alert-lifecycle">
      <AssigneeControl alert={alert} onChange={send} busy={change.isPending} />
      <div className="flex flex-col gap-1">
        <label htmlFor={noteId} className="vg-label">
          {t("alerts.notes")}
        </label>
        <textarea
          id={noteId}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          rows={2}
          maxLength={5000}
          className="vg-input h-auto py-1.5"
        />
        <p className="text-[12px] text-muted">{t("alerts.notesHint")}</p>
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="vg-btn-primary"
          disabled={!text || change.isPending}
          onClick={() => send({ kind: "note", id: alert.id, notes: text })}
          data-testid="add-note"
        >
          {t("alerts.addNote")}
        </button>
        <span className="w-px self-stretch bg-line" aria-hidden="true" />
        {NEXT_STEPS[alert.status].map((status) => (
          <button
            key={status}
            type="button"
            className="vg-btn"
            disabled={change.isPending}
            onClick={() => send({ kind: "status", id: alert.id, status, ...(text ? { notes: text } : {}) })}
          >
            {t(STEP_LABEL[status])}
          </button>
        ))}
      </div>
      {change.error instanceof ApiError && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {change.error.body.message}
        </p>
      )}
    </div>
  );
}
