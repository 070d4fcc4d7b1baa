import { Link } from "@tanstack/react-router";
import { SEVERITIES } from "@vigie/contracts";
import { useSites } from "../../api/sites.ts";
import type { Site } from "../../api/types.ts";
import { HealthBadge, SEVERITY_COLORS, UnregisteredBadge } from "../../components/badges.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState, QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";

const HEALTH_BORDER: Record<Site["health"], string> = {
  online: "border-l-emerald-500",
  degraded: "border-l-amber-400",
  offline: "border-l-red-500",
};

/** Counts by severity as a row of coloured numbers; `labelled` spells the severities out (the grid has a legend). */
export function SeverityCounts({
  counts,
  labelled = false,
}: {
  counts: Site["events_by_severity"];
  labelled?: boolean;
}) {
  const t = useT();
  const fmt = useFormat();
  return (
    <dl className={`flex flex-wrap text-[12px] ${labelled ? "gap-x-5 gap-y-1" : "gap-3"}`}>
      {SEVERITIES.map((s) => (
        <div key={s} className="flex items-center gap-1.5" title={t(`severity.${s}`)}>
          <dt className="flex items-center gap-1.5">
            <span aria-hidden="true" className={`size-2 rounded-full ${SEVERITY_COLORS[s].dot}`} />
            <span className={labelled ? "text-muted" : "sr-only"}>{t(`severity.${s}`)}</span>
          </dt>
          <dd className={`tabular-nums ${counts?.[s] ? "" : "text-muted"}`}>
            {fmt.number(counts?.[s] ?? 0)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What the coloured dots of the site cards mean. */
function SeverityLegend() {
  const t = useT();
  return (
    <ul className="flex flex-wrap justify-end gap-x-3 gap-y-1 text-[12px] text-muted" aria-hidden="true">
      {SEVERITIES.map((s) => (
        <li key={s} className="flex items-center gap-1.5">
          <span className={`size-2 rounded-full ${SEVERITY_COLORS[s].dot}`} />
          {t(`severity.${s}`)}
        </li>
      ))}
    </ul>
  );
}

/** One site tile: health colour, open alerts, counts and last event. */
function SiteCard({ site }: { site: Site }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <Link
      to="/sites/$siteId"
      params={{ siteId: site.site_id }}
      data-testid="site-card"
      data-health={site.health}
      data-registered={site.registered !== false}
      className={`vg-panel flex flex-col gap-2 border-l-4 p-3 hover:bg-raised ${HEALTH_BORDER[site.health] ?? ""}`}
    >
      <div className="flex items-center gap-2">
        <span className="font-mono font-semibold">{site.site_id}</span>
        <span className="flex-1 truncate text-muted">{site.name ?? ""}</span>
        {site.registered === false && <UnregisteredBadge />}
        <HealthBadge health={site.health} />
      </div>
      <SeverityCounts counts={site.events_by_severity} />
      <div className="flex justify-between text-[12px] text-muted">
        <span className={site.open_alerts > 0 ? "font-semibold text-red-600 dark:text-red-400" : ""}>
          {t("sites.openAlerts", { count: site.open_alerts })}
        </span>
        <span className="tabular-nums">
          {t("sites.lastEvent", {
            when: site.last_event_at ? fmt.dateTime(site.last_event_at) : t("common.never"),
          })}
        </span>
      </div>
    </Link>
  );
}

/** `/sites`: every site as a grid coloured by health. */
export function SitesPage() {
  const t = useT();
  const sites = useSites();
  return (
    <>
      <PageHeader title={t("nav.sites")}>
        <SeverityLegend />
      </PageHeader>
      <div className="min-h-0 flex-1 overflow-auto p-3 sm:p-5">
        <QueryView
          query={sites}
          isEmpty={(d) => d.length === 0}
          empty={<EmptyState title={t("sites.empty")} />}
        >
          {(data) => (
            <div
              className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-5"
              data-testid="sites-grid"
            >
              {[...data]
                .sort((a, b) => a.site_id.localeCompare(b.site_id))
                .map((site) => (
                  <SiteCard key={site.site_id} site={site} />
                ))}
            </div>
          )}
        </QueryView>
      </div>
    </>
  );
}
