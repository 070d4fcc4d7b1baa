import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "./client.ts";
import type { DashboardSummary, Site, TimelineBucket, TopSource } from "./types.ts";

/** Totals, open alerts, alerts by status and severity breakdown (`GET /dashboard`). */
export function useDashboardSummary() {
  return useQuery({
    queryKey: ["dashboard", "summary"],
    queryFn: ({ signal }) => apiFetch<DashboardSummary>("/dashboard", { signal }),
  });
}

/** Event counts per bucket over the last `hours` (`GET /dashboard/timeline`), optionally for one site. */
export function useTimeline(hours: number, bucketMinutes: number, siteId?: string) {
  return useQuery({
    queryKey: ["dashboard", "timeline", hours, bucketMinutes, siteId],
    queryFn: ({ signal }) =>
      apiFetch<TimelineBucket[]>("/dashboard/timeline", {
        query: { hours, bucket_minutes: bucketMinutes, site_id: siteId },
        signal,
      }),
  });
}

/** The most active sources (`GET /dashboard/top-sources`). */
export function useTopSources(limit = 10) {
  return useQuery({
    queryKey: ["dashboard", "top-sources", limit],
    queryFn: ({ signal }) => apiFetch<TopSource[]>("/dashboard/top-sources", { query: { limit }, signal }),
  });
}

/** Sites with their health, for the "sites online" card (shares the cache with the sites page). */
export function useSitesForDashboard() {
  return useQuery({ queryKey: ["sites"], queryFn: ({ signal }) => apiFetch<Site[]>("/sites", { signal }) });
}
