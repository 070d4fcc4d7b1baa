import { ASSET_CRITICALITIES, type Asset, type AssetCriticality } from "@vigie/contracts";
import { useDeferredValue, useMemo, useState } from "react";
import { type AssetFilters, useAssets } from "../../api/assets.ts";
import { useSites } from "../../api/sites.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { EmptyState, QueryView } from "../../components/states.tsx";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";
import { hasRole, useRole } from "../../stores/auth.ts";
import { CriticalityBadge, CriticalitySelect } from "./Criticality.tsx";

/** A list of values in one cell: the first few, the rest counted (and all of them in the tooltip). */
function Values({ values, shown = 2 }: { values: string[]; shown?: number }) {
  if (!values.length) return <span className="text-muted">—</span>;
  const rest = values.length - shown;
  return (
    <span className="truncate font-mono text-[12px]" title={values.join(", ")}>
      {values.slice(0, shown).join(", ")}
      {rest > 0 && <span className="text-muted"> +{rest}</span>}
    </span>
  );
}

function assetColumns(t: Translate, fmt: ReturnType<typeof useFormat>, canSet: boolean): Column<Asset>[] {
  return [
    {
      id: "site",
      header: t("assets.site"),
      width: "7rem",
      cell: (a) => <span className="font-mono">{a.site_id || "—"}</span>,
    },
    {
      id: "host",
      header: t("assets.host"),
      cell: (a) => (
        <span className="truncate font-medium" title={a.name} data-testid="asset-host">
          {a.name}
        </span>
      ),
    },
    {
      id: "criticality",
      header: t("assets.criticality"),
      width: canSet ? "8.5rem" : "7rem",
      cell: (a) =>
        canSet ? <CriticalitySelect asset={a} /> : <CriticalityBadge criticality={a.criticality} />,
    },
    { id: "ips", header: t("assets.ips"), width: "9rem", cell: (a) => <Values values={a.ips} /> },
    { id: "users", header: t("assets.users"), width: "9rem", cell: (a) => <Values values={a.users} /> },
    {
      id: "os",
      header: t("assets.os"),
      width: "8rem",
      cell: (a) => (
        <span className="truncate" title={a.os ?? undefined}>
          {a.os ?? "—"}
        </span>
      ),
    },
    {
      id: "first",
      header: t("assets.firstSeen"),
      width: "9.5rem",
      cell: (a) => <span className="tabular-nums">{fmt.dateTime(a.first_seen)}</span>,
    },
    {
      id: "last",
      header: t("assets.lastSeen"),
      width: "9.5rem",
      cell: (a) => <span className="tabular-nums">{fmt.dateTime(a.last_seen)}</span>,
    },
    {
      id: "events",
      header: t("assets.events"),
      width: "5rem",
      cell: (a) => <span className="tabular-nums">{fmt.number(a.event_count)}</span>,
    },
  ];
}

/** Site, text and criticality filters of the list. */
function AssetFilterBar({
  filters,
  onChange,
}: {
  filters: AssetFilters;
  onChange: (f: AssetFilters) => void;
}) {
  const t = useT();
  const sites = useSites();
  return (
    <>
      <input
        type="search"
        className="vg-input w-56"
        placeholder={t("assets.search")}
        aria-label={t("assets.search")}
        value={filters.q ?? ""}
        onChange={(e) => onChange({ ...filters, q: e.target.value || undefined })}
        data-testid="asset-search"
      />
      <select
        className="vg-input"
        aria-label={t("assets.site")}
        value={filters.site_id ?? ""}
        onChange={(e) => onChange({ ...filters, site_id: e.target.value || undefined })}
      >
        <option value="">{t("common.filterAll", { label: t("assets.site") })}</option>
        {(sites.data ?? []).map((s) => (
          <option key={s.site_id} value={s.site_id}>
            {s.site_id}
          </option>
        ))}
      </select>
      <select
        className="vg-input"
        aria-label={t("assets.criticality")}
        value={filters.criticality ?? ""}
        onChange={(e) =>
          onChange({ ...filters, criticality: (e.target.value || undefined) as AssetCriticality | undefined })
        }
        data-testid="asset-criticality-filter"
      >
        <option value="">{t("common.filterAll", { label: t("assets.criticality") })}</option>
        {ASSET_CRITICALITIES.map((c) => (
          <option key={c} value={c}>
            {t(`assets.criticality.${c}`)}
          </option>
        ))}
      </select>
    </>
  );
}

function AssetList({ filters }: { filters: AssetFilters }) {
  const t = useT();
  const fmt = useFormat();
  const canSet = hasRole(useRole(), "supervisor");
  const [page, setPage] = useState(1);
  const assets = useAssets(filters, page);
  const columns = useMemo(() => assetColumns(t, fmt, canSet), [t, fmt, canSet]);
  return (
    <>
      <div className="flex min-h-0 flex-1 flex-col">
        <QueryView
          query={assets}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <EmptyState title={t("assets.empty")}>
              <p className="max-w-md text-[12.5px]">{t("assets.emptyHint")}</p>
            </EmptyState>
          }
        >
          {(data) => (
            <DataTable
              columns={columns}
              data={data.items}
              rowKey={(a) => `${a.site_id}/${a.host}`}
              testId="assets-table"
              rowTestId="asset-row"
              // The host name shrinks before the table scrolls sideways: the criticality stays in view.
              minWidth="66rem"
            />
          )}
        </QueryView>
      </div>
      {assets.data && (
        <Pagination
          page={assets.data.page}
          pages={assets.data.pages}
          total={assets.data.total}
          onPage={setPage}
        />
      )}
    </>
  );
}

/** `/assets`: the hosts learnt from their events; supervisors and admins set how critical each one is. */
export function AssetsPage() {
  const t = useT();
  const [filters, setFilters] = useState<AssetFilters>({});
  // Typing stays responsive; the list follows the text a moment later.
  const deferred = useDeferredValue(filters);
  return (
    <>
      <PageHeader title={t("nav.assets")}>
        <AssetFilterBar filters={filters} onChange={setFilters} />
      </PageHeader>
      {/* A new filter starts again from its first page. */}
      <AssetList key={JSON.stringify(deferred)} filters={deferred} />
    </>
  );
}
