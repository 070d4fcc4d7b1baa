import {
  CASE_CLOSING_REASONS,
  CASE_STATUSES,
  type CaseClosingReason,
  type CaseDetail,
  type CaseStatus,
  SEVERITIES,
  type Severity,
} from "@vigie/contracts";
import { useState } from "react";
import { useAssignees } from "../../api/alerts.ts";
import { type CaseChange, openCaseReport } from "../../api/cases.ts";
import { useT } from "../../i18n/index.ts";
import { useAuthStore } from "../../stores/auth.ts";

/** One labelled control of the header. */
function Control({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the label's child, passed in
    <label className="flex min-w-0 flex-col gap-1">
      <span className="vg-label">{label}</span>
      {children}
    </label>
  );
}

/** Closing asks why: the reason list and a button, shown once "Closed" is picked. */
function CloseForm({
  onClose,
  onCancel,
  busy,
}: {
  onClose: (r: CaseClosingReason) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const t = useT();
  const [reason, setReason] = useState<CaseClosingReason | "">("");
  return (
    <div
      className="flex flex-wrap items-end gap-2 rounded-md border border-line bg-raised p-2"
      data-testid="close-form"
    >
      <Control label={t("cases.closingReason")}>
        <select
          className="vg-input"
          value={reason}
          onChange={(e) => setReason(e.target.value as CaseClosingReason)}
          data-testid="closing-reason"
        >
          <option value="">{t("cases.closingReason.pick")}</option>
          {CASE_CLOSING_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`cases.reason.${r}`)}
            </option>
          ))}
        </select>
      </Control>
      <button
        type="button"
        className="vg-btn vg-btn-primary"
        disabled={!reason || busy}
        onClick={() => reason && onClose(reason)}
        data-testid="close-case"
      >
        {t("cases.close")}
      </button>
      <button type="button" className="vg-btn" onClick={onCancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}

/** The case's controls: status (closing asks a reason), severity, assignee, and the printable report. */
export function CaseHeader({
  detail,
  onChange,
  busy,
}: {
  detail: CaseDetail;
  onChange: (c: CaseChange) => void;
  busy: boolean;
}) {
  const t = useT();
  const me = useAuthStore((s) => s.user?.id);
  const assignees = useAssignees();
  const [closing, setClosing] = useState(false);
  const [reportError, setReportError] = useState(false);
  const update = (patch: Extract<CaseChange, { kind: "update" }>["patch"]) =>
    onChange({ kind: "update", patch });
  const known = assignees.data?.some((u) => u.id === detail.assignee_id);
  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-end">
        <Control label={t("cases.col.status")}>
          <select
            className="vg-input"
            value={closing ? "closed" : detail.status}
            disabled={busy}
            onChange={(e) => {
              const status = e.target.value as CaseStatus;
              if (status === "closed") setClosing(true);
              else {
                setClosing(false);
                update({ status });
              }
            }}
            data-testid="case-status"
          >
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
        </Control>
        <Control label={t("cases.col.severity")}>
          <select
            className="vg-input"
            value={detail.severity}
            disabled={busy}
            onChange={(e) => update({ severity: e.target.value as Severity })}
            data-testid="case-severity"
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </Control>
        <Control label={t("cases.col.assignee")}>
          <select
            className="vg-input"
            value={detail.assignee_id ?? ""}
            disabled={busy}
            onChange={(e) => update({ assignee_id: e.target.value || null })}
            data-testid="case-assignee"
          >
            <option value="">{t("cases.assignee.nobody")}</option>
            {detail.assignee_id && !known && (
              <option value={detail.assignee_id}>{detail.assignee ?? "—"}</option>
            )}
            {assignees.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.username}
              </option>
            ))}
          </select>
        </Control>
        {me && detail.assignee_id !== me && (
          <button
            type="button"
            className="vg-btn"
            disabled={busy}
            onClick={() => update({ assignee_id: me })}
            data-testid="case-assign-me"
          >
            {t("alerts.assignToMe")}
          </button>
        )}
        <button
          type="button"
          className="vg-btn sm:ml-auto"
          onClick={() => {
            setReportError(false);
            const tab = window.open("", "_blank");
            openCaseReport(detail.id, tab).catch(() => setReportError(true));
          }}
          data-testid="case-report"
        >
          {t("cases.report")}
        </button>
      </div>
      {reportError && <p className="text-red-700 dark:text-red-300">{t("cases.reportFailed")}</p>}
      {detail.status === "closed" && detail.closing_reason && (
        <p className="text-[12.5px] text-muted" data-testid="case-closed-reason">
          {t("cases.closedBecause", { reason: t(`cases.reason.${detail.closing_reason}`) })}
        </p>
      )}
      {closing && (
        <CloseForm
          busy={busy}
          onCancel={() => setClosing(false)}
          onClose={(closing_reason) => {
            setClosing(false);
            update({ status: "closed", closing_reason });
          }}
        />
      )}
    </div>
  );
}
