import { useNavigate } from "@tanstack/react-router";
import { ALERT_STATUSES, SEVERITIES } from "@vigie/contracts";
import { useEffect, useMemo } from "react";
import { useAlerts } from "../../api/alerts.ts";
import { useDashboardSummary } from "../../api/dashboard.ts";
import type { Alert } from "../../api/types.ts";
import { SeverityBadge, StatusBadge } from "../../components/badges.tsx";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { QueryView } from "../../components/states.tsx";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";
import { type AlertsSearch, alertsRoute } from "../../routes/router.tsx";
import { useLiveStore } from "../../stores/live.ts";
import { AlertDetail } from "./AlertDetail.tsx";

function alertColumns(t: Translate, dateTime: (iso: string) => string): Column<Alert>[] {
  return [
    {
      id: "created",
      header: t("alerts.col.time"),
      width: "9.5rem",
      cell: (a) => <span className="tabular-nums">{dateTime(a.created_at)}</span>,
    },
    {
      id: "severity",
      header: t("events.col.severity"),
      width: "6.5rem",
      cell: (a) => <SeverityBadge severity={a.severity} />,
    },
    { id: "title", header: t("alerts.col.title"), cell: (a) => <span title={a.title}>{a.title}</span> },
    {
      id: "count",
      header: t("alerts.col.events"),
      width: "5rem",
      cell: (a) => <span className="tabular-nums">{a.matched_event_count}</span>,
    },
    {
      id: "site",
      header: t("events.col.site"),
      width: "7rem",
      cell: (a) => <span className="font-mono text-[12px]">{a.site_id ?? "—"}</span>,
    },
    {
      id: "mitre",
      header: "ATT&CK",
      width: "6.5rem",
      cell: (a) => <span className="font-mono text-[12px]">{a.mitre_technique ?? "—"}</span>,
    },
    {
      id: "status",
      header: t("events.col.status"),
      width: "8rem",
      cell: (a) => <StatusBadge status={a.status} />,
    },
  ];
}

/** `/alerts`: status tabs, severity filter, list, and a drawer to work an alert through its lifecycle. */
export function AlertsPage() {
  const t = useT();
  const fmt = useFormat();
  const search = alertsRoute.useSearch();
  const navigate = useNavigate({ from: "/alerts" });
  const setSearch = (next: AlertsSearch) => void navigate({ search: next });
  const { alert: openId, ...filters } = search;
  const alerts = useAlerts({ ...filters, per_page: 100 });
  const columns = useMemo(() => alertColumns(t, fmt.dateTime), [t, fmt.dateTime]);
  const unseen = useLiveStore((s) => s.unseenAlerts);
  // Per-status totals come from the dashboard summary, which knows no severity or site: shown unfiltered only.
  const summary = useDashboardSummary();
  const counts = filters.severity || filters.site_id ? undefined : summary.data?.alerts_by_status;
  useEffect(() => {
    if (unseen > 0) useLiveStore.getState().markAlertsSeen();
  }, [unseen]);

  return (
    <>
      <PageHeader title={t("nav.alerts")}>
        <select
          aria-label={t("events.filter.severity")}
          className="vg-input"
          value={search.severity ?? ""}
          onChange={(e) => setSearch({ ...filters, severity: e.target.value || undefined, page: undefined })}
        >
          <option value="">{t("common.filterAll", { label: t("events.filter.severity") })}</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
      </PageHeader>
      <div
        role="tablist"
        aria-label={t("events.col.status")}
        className="flex shrink-0 gap-1 overflow-x-auto border-b border-line bg-panel px-3 sm:px-5"
      >
        {[undefined, ...ALERT_STATUSES].map((status) => (
          <button
            key={status ?? "all"}
            type="button"
            role="tab"
            aria-selected={search.status === status}
            onClick={() => setSearch({ ...filters, status, page: undefined })}
            className="shrink-0 whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-muted hover:text-fg aria-selected:border-accent aria-selected:text-fg"
          >
            {status ? t(`status.${status}`) : t("common.all")}
            {status && counts && (
              <span className="ml-1.5 rounded-full bg-raised px-1.5 text-[11px] tabular-nums text-muted">
                {fmt.number(counts[status] ?? 0)}
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="flex min-h-0 flex-1 flex-col">
        <QueryView
          query={alerts}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <p data-testid="empty-state" className="p-10 text-center text-muted">
              {t("alerts.empty")}
            </p>
          }
        >
          {(page) => (
            <DataTable
              columns={columns}
              data={page.items}
              rowKey={(a) => a.id}
              selectedKey={openId}
              onRowClick={(a) => setSearch({ ...search, alert: a.id })}
              testId="alerts-table"
              rowTestId="alert-row"
            />
          )}
        </QueryView>
      </div>
      {alerts.data && (
        <Pagination
          page={alerts.data.page}
          pages={alerts.data.pages}
          total={alerts.data.total}
          onPage={(p) => setSearch({ ...search, page: p })}
        />
      )}
      {openId && <AlertDetail id={openId} onClose={() => setSearch({ ...search, alert: undefined })} />}
    </>
  );
}
