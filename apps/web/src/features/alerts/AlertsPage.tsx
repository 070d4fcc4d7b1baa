import { useNavigate } from "@tanstack/react-router";
import { useCallback, useEffect, useMemo } from "react";
import {
  type AlertGrouping,
  type AlertFilters as Filters,
  useAlertGroups,
  useAlerts,
} from "../../api/alerts.ts";
import type { AlertGroup } from "../../api/types.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { QueryView } from "../../components/states.tsx";
import { type MessageKey, useFormat, useT } from "../../i18n/index.ts";
import { type AlertsSearch, alertsRoute } from "../../routes/router.tsx";
import { useLiveStore } from "../../stores/live.ts";
import { AlertDetail } from "./AlertDetail.tsx";
import { AlertFilters } from "./AlertFilters.tsx";
import { AlertGroupsTable } from "./AlertGroups.tsx";
import { alertColumns } from "./alertColumns.tsx";
import { BulkBar } from "./BulkBar.tsx";
import { StatusTabs } from "./StatusTabs.tsx";
import { useSelection } from "./selection.ts";

const VIEWS: { value: AlertGrouping | undefined; label: MessageKey }[] = [
  { value: undefined, label: "alerts.view.list" },
  { value: "rule", label: "alerts.view.rule" },
  { value: "rule_group", label: "alerts.view.ruleGroup" },
];
/** Text columns read best A→Z first; times, counts and severities biggest first. */
const ASCENDING_FIRST = new Set(["title", "site_id", "assignee", "status"]);

/** List or groups, as a row of toggle buttons. */
function ViewSwitch({ view, onChange }: { view: string | undefined; onChange: (v?: AlertGrouping) => void }) {
  const t = useT();
  return (
    <fieldset className="flex overflow-hidden rounded-md border border-line" data-testid="alert-view">
      <legend className="sr-only">{t("alerts.view")}</legend>
      {VIEWS.map(({ value, label }) => (
        <button
          key={value ?? "list"}
          type="button"
          aria-pressed={view === value}
          onClick={() => onChange(value)}
          className="h-8 border-line px-3 text-[13px] text-muted not-first:border-l hover:text-fg aria-pressed:bg-accent/15 aria-pressed:font-semibold aria-pressed:text-fg"
        >
          {t(label)}
        </button>
      ))}
    </fieldset>
  );
}

/**
 * `/alerts`: status tabs, filters, a sortable list or groups per rule (and group), ticking alerts for bulk
 * assignment and status changes, and a drawer to work one alert. Everything but the ticks lives in the URL.
 */
export function AlertsPage() {
  const t = useT();
  const fmt = useFormat();
  const search = alertsRoute.useSearch();
  const navigate = useNavigate({ from: "/alerts" });
  const setSearch = useCallback((next: AlertsSearch) => void navigate({ search: next }), [navigate]);
  const { alert: openId, view, ...filters } = search;
  const grouping = view === "rule" || view === "rule_group" ? view : undefined;
  const alerts = useAlerts({ ...(filters as Filters), per_page: 100 }, !grouping);
  const groups = useAlertGroups(
    { ...(filters as Filters), per_page: 50 },
    grouping ?? "rule",
    Boolean(grouping),
  );
  const selection = useSelection();
  const items = alerts.data?.items ?? [];
  const columns = useMemo(
    () => alertColumns(t, fmt.dateTime, selection, items),
    [t, fmt.dateTime, selection, items],
  );
  const unseen = useLiveStore((s) => s.unseenAlerts);
  useEffect(() => {
    if (unseen > 0) useLiveStore.getState().markAlertsSeen();
  }, [unseen]);
  // Ticks apply to what is shown: another filter or view starts a new selection.
  const scope = JSON.stringify({ ...filters, page: undefined, sort: undefined, order: undefined, view });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the scope string stands for the filters
  useEffect(() => selection.clear(), [scope, selection.clear]);

  const sort = { key: search.sort ?? "created_at", order: (search.order ?? "desc") as "asc" | "desc" };
  const onSort = (key: string) => {
    const order =
      key === sort.key ? (sort.order === "asc" ? "desc" : "asc") : ASCENDING_FIRST.has(key) ? "asc" : "desc";
    setSearch({ ...search, sort: key, order, page: undefined });
  };
  const open = (id: string) => setSearch({ ...search, alert: id });
  const showAll = (g: AlertGroup) =>
    setSearch({ ...filters, rule_id: g.rule_id, group_value: g.group_value ?? undefined, page: undefined });
  const paged = grouping ? groups.data : alerts.data;

  return (
    <>
      <PageHeader title={t("nav.alerts")}>
        <ViewSwitch view={grouping} onChange={(v) => setSearch({ ...filters, view: v, page: undefined })} />
      </PageHeader>
      <StatusTabs
        search={search}
        onChange={(status) => setSearch({ ...filters, view, status, page: undefined })}
      />
      <AlertFilters search={search} onApply={setSearch} />
      <BulkBar selection={selection} />
      <div className="flex min-h-0 flex-1 flex-col">
        {grouping ? (
          <QueryView query={groups} isEmpty={(d) => d.items.length === 0} empty={<Empty />}>
            {(page) => (
              <AlertGroupsTable
                groups={page.items}
                by={grouping}
                filters={filters as Filters}
                selection={selection}
                onOpen={open}
                onShowAll={showAll}
              />
            )}
          </QueryView>
        ) : (
          <QueryView query={alerts} isEmpty={(d) => d.items.length === 0} empty={<Empty />}>
            {(page) => (
              <DataTable
                columns={columns}
                data={page.items}
                rowKey={(a) => a.id}
                selectedKey={openId}
                onRowClick={(a) => open(a.id)}
                sort={sort}
                onSort={onSort}
                testId="alerts-table"
                rowTestId="alert-row"
              />
            )}
          </QueryView>
        )}
      </div>
      {paged && (
        <Pagination
          page={paged.page}
          pages={paged.pages}
          total={paged.total}
          onPage={(p) => setSearch({ ...search, page: p })}
        />
      )}
      {openId && (
        <AlertDetail
          id={openId}
          siteFilter={search.site_id}
          onOpenAlert={open}
          onClose={() => setSearch({ ...search, alert: undefined })}
        />
      )}
    </>
  );
}

function Empty() {
  const t = useT();
  return (
    <p data-testid="empty-state" className="p-10 text-center text-muted">
      {t("alerts.empty")}
    </p>
  );
}
