import { useDashboardSummary, useSitesForDashboard, useTimeline } from "../../api/dashboard.ts";
import { dayOverDay } from "./chartOptions.ts";

/** The stat cards' numbers that need more than `GET /dashboard`. */
export function useDashboardStats() {
  const lastTwoDays = useTimeline(48, 60);
  const sites = useSitesForDashboard();
  const summary = useDashboardSummary();
  const day = lastTwoDays.data ? dayOverDay(lastTwoDays.data) : undefined;
  return {
    events24h: day?.current,
    eventsChange: day ? day.current - day.previous : undefined,
    criticalOpen: summary.data?.critical_open,
    sitesOnline: sites.data?.filter((s) => s.health === "online").length,
    sitesTotal: sites.data?.length,
  };
}
