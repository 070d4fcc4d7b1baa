import { useNavigate } from "@tanstack/react-router";
import type { LogEvent } from "@vigie/contracts";
import { useCallback, useMemo } from "react";
import { type LogFilters, useLogs, usePivot } from "../../api/logs.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { type EventsSearch, eventsRoute } from "../../routes/router.tsx";
import { useLiveStore } from "../../stores/live.ts";
import { EventDetail } from "./EventDetail.tsx";
import { EventFilters } from "./EventFilters.tsx";
import { eventColumns, type PivotField } from "./eventColumns.tsx";
import { type EventRow, mergeLive } from "./liveMerge.ts";

const PER_PAGE = 100;
const PIVOT_FIELDS = new Set<string>(["ip", "username", "hostname"]);

/** Pause / resume of the live arrivals, with the count held back while paused. */
function LiveToggle() {
  const t = useT();
  const paused = useLiveStore((s) => s.paused);
  const pending = useLiveStore((s) => s.pending.length);
  const setPaused = useLiveStore((s) => s.setPaused);
  return (
    <button
      type="button"
      className="vg-btn"
      aria-pressed={paused}
      onClick={() => setPaused(!paused)}
      data-testid="live-toggle"
    >
      {paused ? t("events.resume", { count: pending }) : t("events.pause")}
    </button>
  );
}

/** The stored rows to show: a pivot's plain array, or one page of the filtered list. */
function useEventRows(search: EventsSearch) {
  const { event: _open, pivot_field, pivot_value, ...filters } = search;
  const pivotField = pivot_field && PIVOT_FIELDS.has(pivot_field) ? (pivot_field as PivotField) : undefined;
  const pivot = usePivot(pivotField, pivotField ? pivot_value : undefined);
  const logs = useLogs({ ...(filters as LogFilters), per_page: PER_PAGE });
  return {
    pivotField,
    pivotValue: pivot_value,
    filters: filters as LogFilters,
    query: pivotField ? pivot : logs,
    page: pivotField ? undefined : logs.data,
  };
}

/** `/events`: the filtered, virtualized event list with live arrivals, pivots and a detail drawer. */
export function EventsPage() {
  const t = useT();
  const fmt = useFormat();
  const search = eventsRoute.useSearch();
  const navigate = useNavigate({ from: "/events" });
  const live = useLiveStore((s) => s.events);
  const { pivotField, pivotValue, filters, query, page } = useEventRows(search);

  const setSearch = useCallback((next: EventsSearch) => void navigate({ search: next }), [navigate]);
  const onPivot = useCallback(
    (field: PivotField, value: string) => setSearch({ pivot_field: field, pivot_value: value }),
    [setSearch],
  );
  const columns = useMemo(() => eventColumns(t, fmt.dateTime, onPivot), [t, fmt.dateTime, onPivot]);
  const stored: LogEvent[] = (Array.isArray(query.data) ? query.data : query.data?.items) ?? [];
  const showLive = !pivotField && (search.page ?? 1) === 1;
  const rows: EventRow[] = useMemo(
    () => (showLive ? mergeLive(stored, live, filters) : stored),
    [showLive, stored, live, filters],
  );

  return (
    <>
      <PageHeader title={t("nav.events")}>
        <LiveToggle />
      </PageHeader>
      <EventFilters search={search} onApply={setSearch} />
      {pivotField && (
        <div
          className="flex flex-wrap items-center gap-2 border-b border-line bg-accent/10 px-3 py-2 sm:px-5"
          data-testid="pivot-banner"
        >
          <span>{t("events.pivotBanner", { field: pivotField, value: pivotValue ?? "" })}</span>
          <button type="button" className="vg-btn" onClick={() => setSearch({})}>
            {t("common.clear")}
          </button>
        </div>
      )}
      <div className="flex min-h-0 flex-1 flex-col">
        {query.isPending ? (
          <Loading />
        ) : query.error && !query.data ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title={t("events.empty")} />
        ) : (
          <DataTable
            columns={columns}
            data={rows}
            rowKey={(e) => e.id}
            selectedKey={search.event}
            onRowClick={(e) => setSearch({ ...search, event: e.id })}
            testId="events-table"
            rowTestId="event-row"
            minWidth="75rem"
          />
        )}
      </div>
      {page && (
        <Pagination
          page={page.page}
          pages={page.pages}
          total={page.total}
          onPage={(p) => setSearch({ ...search, page: p })}
        />
      )}
      {search.event && (
        <EventDetail
          id={search.event}
          onClose={() => setSearch({ ...search, event: undefined })}
          onPivot={onPivot}
        />
      )}
    </>
  );
}
