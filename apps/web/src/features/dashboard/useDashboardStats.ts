import { useQueries } from "@tanstack/react-query";
import { OPEN_ALERT_STATUSES, type Page } from "@vigie/contracts";
import { apiFetch } from "../../api/client.ts";
import { useSitesForDashboard, useTimeline } from "../../api/dashboard.ts";
import type { Alert } from "../../api/types.ts";
import { dayOverDay } from "./chartOptions.ts";

/** Critical alerts still open: one `per_page=1` count per open status, summed. */
function useCriticalOpen(): number | undefined {
  const results = useQueries({
    queries: OPEN_ALERT_STATUSES.map((status) => ({
      queryKey: ["dashboard", "critical-open", status],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiFetch<Page<Alert>>("/alerts", { query: { severity: "critical", status, per_page: 1 }, signal }),
    })),
  });
  if (results.some((r) => r.data === undefined)) return undefined;
  return results.reduce((sum, r) => sum + (r.data?.total ?? 0), 0);
}

/** The stat cards' numbers that need more than `GET /dashboard`. */
export function useDashboardStats() {
  const lastTwoDays = useTimeline(48, 60);
  const sites = useSitesForDashboard();
  const criticalOpen = useCriticalOpen();
  const day = lastTwoDays.data ? dayOverDay(lastTwoDays.data) : undefined;
  return {
    events24h: day?.current,
    eventsChange: day ? day.current - day.previous : undefined,
    criticalOpen,
    sitesOnline: sites.data?.filter((s) => s.health === "online").length,
    sitesTotal: sites.data?.length,
  };
}
