import { useMemo, useState } from "react";
import {
  type Indicator,
  type IndicatorFilter,
  useDeleteIndicatorSource,
  useIndicators,
} from "../../api/indicators.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { EmptyState, QueryView } from "../../components/states.tsx";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";
import { hasRole, useRole } from "../../stores/auth.ts";
import { IndicatorImportDrawer } from "./IndicatorImport.tsx";

const KINDS = ["ip", "cidr", "domain", "url", "hash"] as const;

function columns(t: Translate, dateTime: (iso: string) => string): Column<Indicator>[] {
  return [
    { id: "kind", header: t("intel.kind"), width: "6rem", cell: (i) => t(`intel.kind.${i.kind}`) },
    {
      id: "value",
      header: t("intel.value"),
      cell: (i) => (
        <span className="break-all font-mono text-[12px]" title={i.value}>
          {i.value}
        </span>
      ),
    },
    { id: "source", header: t("intel.source"), width: "10rem", cell: (i) => i.source },
    {
      id: "confidence",
      header: t("intel.confidence"),
      width: "7rem",
      cell: (i) => <span className="tabular-nums">{i.confidence}</span>,
    },
    {
      id: "expires",
      header: t("intel.expiresAt"),
      width: "10rem",
      cell: (i) => (
        <span className="tabular-nums">{i.expires_at ? dateTime(i.expires_at) : t("intel.never")}</span>
      ),
    },
    {
      id: "added",
      header: t("intel.added"),
      width: "10rem",
      cell: (i) => <span className="tabular-nums">{dateTime(i.created_at)}</span>,
    },
  ];
}

/** Kind, source and text filters of the list; the delete button removes the filtered source's list (admin). */
function Filters({
  value,
  onChange,
  isAdmin,
}: {
  value: IndicatorFilter;
  onChange: (f: IndicatorFilter) => void;
  isAdmin: boolean;
}) {
  const t = useT();
  const remove = useDeleteIndicatorSource();
  const source = value.source?.trim();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label={t("intel.kind")}
        className="vg-input"
        value={value.kind ?? ""}
        onChange={(e) => onChange({ ...value, kind: e.target.value || undefined })}
      >
        <option value="">{t("common.filterAll", { label: t("intel.kind") })}</option>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`intel.kind.${k}`)}
          </option>
        ))}
      </select>
      <input
        aria-label={t("intel.source")}
        placeholder={t("intel.source")}
        className="vg-input w-40"
        value={value.source ?? ""}
        onChange={(e) => onChange({ ...value, source: e.target.value || undefined })}
        data-testid="indicator-filter-source"
      />
      <input
        aria-label={t("common.search")}
        placeholder={t("common.search")}
        className="vg-input w-48"
        value={value.q ?? ""}
        onChange={(e) => onChange({ ...value, q: e.target.value || undefined })}
      />
      {isAdmin && source && (
        <button
          type="button"
          className="vg-btn"
          disabled={remove.isPending}
          onClick={() => window.confirm(t("intel.confirmDelete", { source })) && remove.mutate(source)}
          data-testid="indicator-delete-source"
        >
          {t("intel.deleteSource")}
        </button>
      )}
    </div>
  );
}

/** `/indicators`: the threat-intelligence lists events are matched against; admins import and delete them. */
export function IndicatorsPage() {
  const t = useT();
  const fmt = useFormat();
  const isAdmin = hasRole(useRole(), "admin");
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<IndicatorFilter>({});
  const [importing, setImporting] = useState(false);
  const list = useIndicators(page, filter);
  const cols = useMemo(() => columns(t, fmt.dateTime), [t, fmt.dateTime]);
  return (
    <>
      <PageHeader title={t("nav.indicators")}>
        <Filters
          value={filter}
          isAdmin={isAdmin}
          onChange={(f) => {
            setFilter(f);
            setPage(1);
          }}
        />
        {isAdmin && (
          <button
            type="button"
            className="vg-btn-primary"
            onClick={() => setImporting(true)}
            data-testid="indicator-import-open"
          >
            {t("intel.import")}
          </button>
        )}
      </PageHeader>
      <div className="flex min-h-0 flex-1 flex-col">
        <QueryView
          query={list}
          isEmpty={(d) => d.items.length === 0}
          empty={<EmptyState title={t("intel.empty")} />}
        >
          {(data) => (
            <DataTable
              columns={cols}
              data={data.items}
              rowKey={(i) => i.id}
              testId="indicator-table"
              rowTestId="indicator-row"
            />
          )}
        </QueryView>
      </div>
      {list.data && (
        <Pagination page={list.data.page} pages={list.data.pages} total={list.data.total} onPage={setPage} />
      )}
      {importing && <IndicatorImportDrawer onClose={() => setImporting(false)} />}
    </>
  );
}
