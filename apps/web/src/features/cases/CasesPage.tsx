import { useNavigate } from "@tanstack/react-router";
import { CASE_STATUSES, type CaseSummary, SEVERITIES } from "@vigie/contracts";
import { useDeferredValue, useMemo, useState } from "react";
import { useAssignees } from "../../api/alerts.ts";
import { type CaseFilters, useCases, useCreateCase } from "../../api/cases.ts";
import { ApiError } from "../../api/client.ts";
import { SeverityBadge } from "../../components/badges.tsx";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { EmptyState, QueryView } from "../../components/states.tsx";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";
import { casesRoute } from "../../routes/router.tsx";
import { CaseStatusBadge } from "./caseBadges.tsx";

function caseColumns(t: Translate, fmt: ReturnType<typeof useFormat>): Column<CaseSummary>[] {
  return [
    {
      id: "ref",
      header: t("cases.col.reference"),
      width: "6.5rem",
      cell: (c) => <span className="font-mono">{c.reference}</span>,
    },
    {
      id: "title",
      header: t("cases.col.title"),
      cell: (c) => (
        <span className="truncate font-medium" title={c.title} data-testid="case-title">
          {c.title}
        </span>
      ),
    },
    {
      id: "severity",
      header: t("cases.col.severity"),
      width: "6.5rem",
      cell: (c) => <SeverityBadge severity={c.severity} />,
    },
    {
      id: "status",
      header: t("cases.col.status"),
      width: "7rem",
      cell: (c) => <CaseStatusBadge status={c.status} />,
    },
    {
      id: "assignee",
      header: t("cases.col.assignee"),
      width: "8rem",
      cell: (c) => <span className="truncate">{c.assignee ?? <span className="text-muted">—</span>}</span>,
    },
    {
      id: "alerts",
      header: t("cases.col.alerts"),
      width: "5rem",
      cell: (c) => <span className="tabular-nums">{c.alert_count}</span>,
    },
    {
      id: "tasks",
      header: t("cases.col.tasks"),
      width: "5rem",
      cell: (c) => (
        <span className="tabular-nums">{`${c.task_count - c.open_task_count}/${c.task_count}`}</span>
      ),
    },
    {
      id: "updated",
      header: t("cases.col.updated"),
      width: "9.5rem",
      cell: (c) => <span className="tabular-nums">{fmt.dateTime(c.updated_at)}</span>,
    },
  ];
}

/** Status, severity, assignee and text filters of the case list, kept in the URL. */
function CaseFilterBar({ filters, onChange }: { filters: CaseFilters; onChange: (f: CaseFilters) => void }) {
  const t = useT();
  const assignees = useAssignees();
  const set = (key: keyof CaseFilters) => (e: { target: { value: string } }) =>
    onChange({ ...filters, [key]: e.target.value || undefined, page: undefined });
  return (
    <>
      <input
        type="search"
        className="vg-input w-64 max-sm:basis-full"
        placeholder={t("cases.search")}
        aria-label={t("cases.search")}
        value={filters.q ?? ""}
        onChange={set("q")}
        data-testid="case-search"
      />
      <select
        className="vg-input max-sm:min-w-0 max-sm:flex-1"
        aria-label={t("cases.col.status")}
        value={filters.status ?? ""}
        onChange={set("status")}
        data-testid="case-status-filter"
      >
        <option value="">{t("common.filterAll", { label: t("cases.col.status") })}</option>
        <option value="open,in_progress">{t("cases.status.active")}</option>
        {CASE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`cases.status.${s}`)}
          </option>
        ))}
      </select>
      <select
        className="vg-input max-sm:min-w-0 max-sm:flex-1"
        aria-label={t("cases.col.severity")}
        value={filters.severity ?? ""}
        onChange={set("severity")}
      >
        <option value="">{t("common.filterAll", { label: t("cases.col.severity") })}</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`severity.${s}`)}
          </option>
        ))}
      </select>
      <select
        className="vg-input max-sm:min-w-0 max-sm:flex-1"
        aria-label={t("cases.col.assignee")}
        value={filters.assignee ?? ""}
        onChange={set("assignee")}
      >
        <option value="">{t("common.filterAll", { label: t("cases.col.assignee") })}</option>
        <option value="me">{t("cases.assignee.me")}</option>
        <option value="unassigned">{t("cases.assignee.unassigned")}</option>
        {assignees.data?.map((u) => (
          <option key={u.id} value={u.id}>
            {u.username}
          </option>
        ))}
      </select>
    </>
  );
}

/** A case opened by hand: a title, then the case page. */
function NewCase() {
  const t = useT();
  const navigate = useNavigate();
  const create = useCreateCase();
  const [title, setTitle] = useState("");
  return (
    <form
      className="flex items-center gap-2 max-sm:basis-full"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { title },
          { onSuccess: (c) => void navigate({ to: "/cases/$caseId", params: { caseId: c.id } }) },
        );
      }}
    >
      <input
        className="vg-input w-48 max-sm:flex-1"
        placeholder={t("cases.newTitle")}
        aria-label={t("cases.newTitle")}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        data-testid="new-case-title"
      />
      <button
        type="submit"
        className="vg-btn vg-btn-primary whitespace-nowrap"
        disabled={!title.trim() || create.isPending}
      >
        {t("cases.new")}
      </button>
      {create.error instanceof ApiError && (
        <span className="text-red-700 dark:text-red-300">{create.error.body.message}</span>
      )}
    </form>
  );
}

/** `/cases`: the investigations, most recently changed first, filtered from the URL. */
export function CasesPage() {
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate({ from: "/cases" });
  const search = casesRoute.useSearch();
  const filters = useDeferredValue(search);
  const cases = useCases(filters);
  const columns = useMemo(() => caseColumns(t, fmt), [t, fmt]);
  const setFilters = (next: CaseFilters) => void navigate({ search: next, replace: true });
  return (
    <>
      <PageHeader title={t("nav.cases")}>
        <NewCase />
      </PageHeader>
      <div className="flex shrink-0 flex-wrap items-center gap-2 border-b border-line px-3 py-2 sm:px-5">
        <CaseFilterBar filters={search} onChange={setFilters} />
      </div>
      <div className="flex min-h-0 flex-1 flex-col">
        <QueryView
          query={cases}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <EmptyState title={t("cases.empty")}>
              <p className="max-w-md text-[12.5px]">{t("cases.emptyHint")}</p>
            </EmptyState>
          }
        >
          {(data) => (
            <DataTable
              columns={columns}
              data={data.items}
              rowKey={(c) => c.id}
              onRowClick={(c) => void navigate({ to: "/cases/$caseId", params: { caseId: c.id } })}
              testId="cases-table"
              rowTestId="case-row"
              minWidth="58rem"
            />
          )}
        </QueryView>
      </div>
      {cases.data && (
        <Pagination
          page={cases.data.page}
          pages={cases.data.pages}
          total={cases.data.total}
          onPage={(page) => setFilters({ ...search, page })}
        />
      )}
    </>
  );
}
