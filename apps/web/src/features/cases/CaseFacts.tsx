import { Link } from "@tanstack/react-router";
import type { CaseDetail } from "@vigie/contracts";
import { useState } from "react";
import type { CaseChange } from "../../api/cases.ts";
import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import { Panel } from "../../components/Panel.tsx";
import { useFormat, useT } from "../../i18n/index.ts";

/** The description, read or edited in place. */
export function CaseDescription({
  detail,
  onChange,
  busy,
}: {
  detail: CaseDetail;
  onChange: (c: CaseChange) => void;
  busy: boolean;
}) {
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <Panel
      title={t("cases.description")}
      testId="case-description"
      actions={
        draft === null && (
          <button type="button" className="vg-btn" onClick={() => setDraft(detail.description)}>
            {t("common.edit")}
          </button>
        )
      }
    >
      {draft === null ? (
        <p className="whitespace-pre-wrap break-words px-4 py-3">
          {detail.description || <span className="text-muted">{t("cases.noDescription")}</span>}
        </p>
      ) : (
        <form
          className="flex flex-col gap-2 px-4 py-3"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ kind: "update", patch: { description: draft } });
            setDraft(null);
          }}
        >
          <textarea
            className="vg-input min-h-28"
            aria-label={t("cases.description")}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="flex justify-end gap-2">
            <button type="button" className="vg-btn" onClick={() => setDraft(null)}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="vg-btn vg-btn-primary" disabled={busy}>
              {t("common.save")}
            </button>
          </div>
        </form>
      )}
    </Panel>
  );
}

/** The linked alerts, each opening in Alerts, removable. */
export function CaseAlerts({
  detail,
  onChange,
  busy,
}: {
  detail: CaseDetail;
  onChange: (c: CaseChange) => void;
  busy: boolean;
}) {
  const t = useT();
  const fmt = useFormat();
  return (
    <Panel title={t("cases.alerts", { count: detail.alerts.length })} testId="case-alerts">
      <ul className="flex flex-col divide-y divide-line">
        {detail.alerts.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center gap-2 px-4 py-2" data-testid="case-alert">
            <SeverityBadge severity={a.severity} />
            <Link
              to="/alerts"
              search={{ alert: a.id }}
              className="min-w-0 flex-1 truncate hover:text-accent hover:underline"
              title={a.title}
            >
              {a.title}
            </Link>
            <StatusBadge status={a.status} />
            <span className="text-[11.5px] tabular-nums text-muted">{fmt.dateTime(a.last_seen)}</span>
            <button
              type="button"
              className="text-[12px] text-muted hover:text-red-600"
              disabled={busy}
              onClick={() => onChange({ kind: "removeAlert", alert_id: a.id })}
            >
              {t("cases.unlink")}
            </button>
          </li>
        ))}
        {!detail.alerts.length && <li className="px-4 py-2 text-muted">{t("cases.noAlerts")}</li>}
      </ul>
    </Panel>
  );
}
