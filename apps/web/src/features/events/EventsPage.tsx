import { useNavigate } from "@tanstack/react-router";
import type { LogEvent } from "@vigie/contracts";
import { useCallback, useMemo, useState } from "react";
import { type LogFilters, useLogs, useSearchFields } from "../../api/logs.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { type EventsSearch, eventsRoute } from "../../routes/router.tsx";
import { useLiveStore } from "../../stores/live.ts";
import { ColumnChooser } from "./ColumnChooser.tsx";
import { useChosenColumns } from "./columnPrefs.ts";
import { EventDetail } from "./EventDetail.tsx";
import { EventFilters } from "./EventFilters.tsx";
import { EventHistogram } from "./EventHistogram.tsx";
import { ExportMenu } from "./ExportMenu.tsx";
import { chooseColumns, eventColumns, type PivotField, pivotQuery } from "./eventColumns.tsx";
import { FieldPanel, type OnFieldValue, useFieldPanel } from "./FieldPanel.tsx";
import { seenFields } from "./fieldInfo.ts";
import { useHeldLive } from "./liveHold.ts";
import { type EventRow, mergeLive } from "./liveMerge.ts";
import { NewEventsPill } from "./NewEventsPill.tsx";
import { andClause, fieldClause } from "./queryEdit.ts";
import { isQueryError, queryErrorOf } from "./queryError.ts";
import { SearchMenu } from "./SearchMenu.tsx";

const PER_PAGE = 100;

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

/** The stored rows to show: one page of the filtered list (a pivot is a search like any other). */
function useEventRows(search: EventsSearch) {
  const { event: _open, ...filters } = search;
  const logs = useLogs({ ...(filters as LogFilters), per_page: PER_PAGE });
  return { filters: filters as LogFilters, query: logs, page: logs.data };
}

/** `/events`: the filtered, virtualized event list with live arrivals, pivots and a detail drawer. */
export function EventsPage() {
  const t = useT();
  const fmt = useFormat();
  const search = eventsRoute.useSearch();
  const navigate = useNavigate({ from: "/events" });
  const live = useLiveStore((s) => s.events);
  const { filters, query, page } = useEventRows(search);

  const setSearch = useCallback((next: EventsSearch) => void navigate({ search: next }), [navigate]);
  // A pivot keeps the filters shown and the time window (the last 24 hours when none is set).
  const onPivot = useCallback(
    (field: PivotField, value: string) => {
      const { event: _event, page: _page, ...kept } = search;
      const windowed = kept.range || kept.from || kept.to ? kept : { ...kept, range: "24h" };
      setSearch({ ...windowed, q: pivotQuery(field, value) });
    },
    [search, setSearch],
  );
  const allColumns = useMemo(() => eventColumns(t, fmt.dateTime, onPivot), [t, fmt.dateTime, onPivot]);
  const chosen = useChosenColumns();
  const columns = useMemo(() => chooseColumns(allColumns, chosen.visible), [allColumns, chosen.visible]);
  const labelOf = useCallback(
    (id: string) => {
      const header = allColumns.find((c) => c.id === id)?.header;
      return typeof header === "string" ? header : id;
    },
    [allColumns],
  );
  const stored: LogEvent[] = query.data?.items ?? [];
  const showLive = (search.page ?? 1) === 1 && !search.sort && !search.order;
  const merged: EventRow[] = useMemo(
    () => (showLive ? mergeLive(stored, live, filters) : stored),
    [showLive, stored, live, filters],
  );
  // New live rows wait while the analyst has scrolled down or reads an event: nothing moves under them.
  const [scrolled, setScrolled] = useState(false);
  const held = useHeldLive(merged, scrolled || Boolean(search.event));
  const [toTop, setToTop] = useState(0);
  const showNew = () => {
    held.release();
    setToTop((n) => n + 1);
  };
  // Another page or search opens at its first row, as does a click on the pill.
  const { event: _openEvent, ...shown } = search;
  const scrollKey = `${JSON.stringify(shown)}|${toTop}`;

  const registry = useSearchFields();
  // Times and ids are nearly all distinct: their top values would say nothing.
  const fieldNames = useMemo(
    () => (registry.data ?? []).filter((f) => f.kind !== "time" && f.name !== "id").map((f) => f.name),
    [registry.data],
  );
  const seen = useMemo(() => seenFields(stored), [stored]);
  const panel = useFieldPanel();
  const onFieldValue = useCallback<OnFieldValue>(
    (field, value, exclude) => {
      const { event: _event, page: _page, ...kept } = search;
      setSearch({ ...kept, q: andClause(search.q, fieldClause(field, value, exclude)) });
    },
    [search, setSearch],
  );

  return (
    <>
      <PageHeader title={t("nav.events")}>
        <SearchMenu search={search} onOpen={setSearch} />
        <button
          type="button"
          className="vg-btn"
          aria-expanded={panel.open}
          onClick={panel.toggle}
          data-testid="field-panel-toggle"
        >
          {panel.open ? t("events.fieldsPanel.hide") : t("events.fieldsPanel.show")}
        </button>
        <ColumnChooser
          visible={chosen.visible}
          labelOf={labelOf}
          onChange={chosen.onChange}
          onReset={chosen.onReset}
        />
        <ExportMenu filters={filters} />
        <LiveToggle />
      </PageHeader>
      <EventFilters search={search} onApply={setSearch} queryError={queryErrorOf(query.error)} />
      <EventHistogram filters={filters} search={search} onApply={setSearch} />
      <div className="flex min-h-0 flex-1">
        {panel.open && (
          <FieldPanel
            fields={fieldNames}
            seen={seen}
            filters={filters}
            onValue={onFieldValue}
            onClose={panel.close}
          />
        )}
        <div className="relative flex min-h-0 min-w-0 flex-1 flex-col">
          {held.held > 0 && <NewEventsPill count={held.held} onClick={showNew} />}
          {query.isPending ? (
            <Loading />
          ) : query.error && !query.data && !isQueryError(query.error) ? (
            <ErrorState error={query.error} onRetry={() => query.refetch()} />
          ) : held.rows.length === 0 ? (
            <EmptyState title={t("events.empty")} />
          ) : (
            <DataTable
              columns={columns}
              data={held.rows}
              rowKey={(e) => e.id}
              selectedKey={search.event}
              onRowClick={(e) => setSearch({ ...search, event: e.id })}
              testId="events-table"
              rowTestId="event-row"
              scrollKey={scrollKey}
              onScrolledChange={setScrolled}
            />
          )}
        </div>
      </div>
      {page && (
        <Pagination
          page={page.page}
          pages={page.pages}
          total={page.total}
          totalIsLowerBound={page.total_is_lower_bound}
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
