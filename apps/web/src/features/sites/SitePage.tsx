import { Link, useParams } from "@tanstack/react-router";
import { useMemo } from "react";
import { useAlerts } from "../../api/alerts.ts";
import { useLogs } from "../../api/logs.ts";
import { useSite } from "../../api/sites.ts";
import { HealthBadge, SeverityBadge, StatusBadge, UnregisteredBadge } from "../../components/badges.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Panel } from "../../components/Panel.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { hasRole, useRole } from "../../stores/auth.ts";
import { RegisterSite } from "./RegisterSite.tsx";
import { SiteNetworks } from "./SiteNetworks.tsx";
import { SeverityCounts } from "./SitesPage.tsx";
import { SiteTimeline } from "./SiteTimeline.tsx";
import { SiteTokens } from "./SiteTokens.tsx";

/**
 * `/sites/$siteId`: one site's health, timeline, latest events and alerts, sender networks, and (admin) ingest
 * tokens; a site id seen in events only shows why, and (admin) the form that registers it.
 */
export function SitePage() {
  const t = useT();
  const fmt = useFormat();
  const { siteId } = useParams({ from: "/app/sites/$siteId" });
  const site = useSite(siteId);
  const events = useLogs({ site_id: siteId, per_page: 200 });
  const alerts = useAlerts({ site_id: siteId, per_page: 20 });
  const isAdmin = hasRole(useRole(), "admin");
  const latest = useMemo(() => events.data?.items.slice(0, 25) ?? [], [events.data]);
  return (
    <>
      <PageHeader title={`${t("nav.sites")} · ${siteId}`}>
        <Link to="/events" search={{ site_id: siteId }} className="vg-btn">
          {t("sites.allEvents")}
        </Link>
      </PageHeader>
      <div className="grid min-h-0 flex-1 grid-cols-1 gap-3 overflow-auto p-3 sm:gap-4 sm:p-5 xl:grid-cols-2">
        <QueryView query={site}>
          {(s) => (
            <section className="vg-panel flex flex-col gap-3 p-4 xl:col-span-2" data-testid="site-summary">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <HealthBadge health={s.health} />
                {s.registered === false && <UnregisteredBadge />}
                <span className="text-muted">{s.name ?? ""}</span>
                <span className="flex-1" />
                <span className="whitespace-nowrap text-muted">
                  {t("sites.lastEvent", {
                    when: s.last_event_at ? fmt.dateTime(s.last_event_at) : t("common.never"),
                  })}
                </span>
              </div>
              <SeverityCounts counts={s.events_by_severity} labelled />
            </section>
          )}
        </QueryView>
        {site.data?.registered === false && <RegisterSite siteId={siteId} canRegister={isAdmin} />}
        <div className="xl:col-span-2">
          <SiteTimeline siteId={siteId} />
        </div>
        <Panel title={t("sites.latestEvents")} testId="site-events">
          <QueryView
            query={events}
            isEmpty={(d) => d.items.length === 0}
            empty={<p className="p-4 text-muted">{t("events.empty")}</p>}
          >
            {() => (
              <ul className="max-h-[22rem] divide-y divide-line/60 overflow-y-auto">
                {latest.map((e) => (
                  <li key={e.id}>
                    <Link
                      to="/events"
                      search={{ event: e.id, site_id: siteId }}
                      className="grid grid-cols-[9.5rem_5.5rem_1fr] items-center gap-2 px-4 py-1 hover:bg-raised"
                    >
                      <span className="tabular-nums text-muted">{fmt.dateTime(e.timestamp)}</span>
                      <SeverityBadge severity={e.severity} />
                      <span className="truncate">{e.event_type}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </QueryView>
        </Panel>
        <Panel title={t("nav.alerts")} testId="site-alerts">
          <QueryView
            query={alerts}
            isEmpty={(d) => d.items.length === 0}
            empty={<p className="p-4 text-muted">{t("alerts.empty")}</p>}
          >
            {(page) => (
              <ul className="max-h-[22rem] divide-y divide-line/60 overflow-y-auto">
                {page.items.map((a) => (
                  <li key={a.id}>
                    <Link
                      to="/alerts"
                      search={{ alert: a.id, site_id: siteId }}
                      className="grid grid-cols-[5.5rem_1fr_7.5rem] items-center gap-2 px-4 py-1 hover:bg-raised"
                    >
                      <SeverityBadge severity={a.severity} />
                      <span className="truncate">{a.title}</span>
                      <StatusBadge status={a.status} />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </QueryView>
        </Panel>
        {/* Networks and tokens belong to a registered site: nothing is asked before the site is known. */}
        {site.data && site.data.registered !== false && (
          <>
            <SiteNetworks site={site.data} canEdit={isAdmin} />
            {isAdmin && <SiteTokens siteId={siteId} />}
          </>
        )}
      </div>
    </>
  );
}
