import { useDashboardSummary } from "../../api/dashboard.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { AlertsByStatus } from "./AlertsByStatus.tsx";
import { OPEN_ALERTS } from "./clickThrough.ts";
import { HeatmapPanel, SeverityPanel, TimelinePanel, TopSourcesPanel } from "./DashboardCharts.tsx";
import { LiveFeed } from "./LiveFeed.tsx";
import { StatCard } from "./StatCard.tsx";
import { useDashboardStats } from "./useDashboardStats.ts";

/** `/dashboard`: the overview an analyst keeps open; numbers refresh when the live streams bring news. */
export function DashboardPage() {
  const t = useT();
  const fmt = useFormat();
  const summary = useDashboardSummary();
  const stats = useDashboardStats();
  const change = stats.eventsChange;
  return (
    <>
      <PageHeader title={t("nav.dashboard")} />
      <div className="grid min-h-0 flex-1 grid-cols-1 gap-3 overflow-auto p-3 sm:gap-4 sm:p-5 xl:grid-cols-[minmax(0,1fr)_21rem]">
        <div className="flex min-w-0 flex-col gap-4">
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            <StatCard
              testId="stat-events-24h"
              label={t("dashboard.events24h")}
              link={{ to: "/events", search: { range: "24h" } }}
              value={fmt.number(stats.events24h)}
              detail={
                change === undefined
                  ? undefined
                  : t("dashboard.vsPrevious", { delta: `${change >= 0 ? "+" : ""}${fmt.number(change)}` })
              }
            />
            <StatCard
              testId="stat-open-alerts"
              label={t("dashboard.openAlerts")}
              link={{ to: "/alerts", search: { status: OPEN_ALERTS } }}
              value={fmt.number(summary.data?.open_alerts)}
            />
            <StatCard
              testId="stat-critical-open"
              label={t("dashboard.criticalOpen")}
              link={{ to: "/alerts", search: { status: OPEN_ALERTS, severity: "critical" } }}
              value={fmt.number(stats.criticalOpen)}
              tone={stats.criticalOpen ? "alarm" : "default"}
            />
            <StatCard
              testId="stat-sites-online"
              label={t("dashboard.sitesOnline")}
              link={{ to: "/sites" }}
              value={stats.sitesTotal === undefined ? "—" : `${stats.sitesOnline} / ${stats.sitesTotal}`}
            />
          </div>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
            <TimelinePanel className="lg:col-span-2" />
            <SeverityPanel />
          </div>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
            <TopSourcesPanel />
            <AlertsByStatus />
            <HeatmapPanel />
          </div>
        </div>
        {/* The feed scrolls inside the height the charts give the row, instead of stretching it. */}
        <div className="relative h-96 xl:h-auto">
          <LiveFeed />
        </div>
      </div>
    </>
  );
}
