import { EVENT_STATUSES, SEVERITIES, type Severity, SOURCE_TYPES } from "@vigie/contracts";
import type { DashboardService } from "./dashboard.service.ts";
import { groupRows, sumCounts, tally } from "./tally.ts";
import { ALL_TIME, DAY, floorTo, HOUR } from "./time-range.ts";

/** The AudioSOC v1 API's triage statuses that still need attention (its `critical_open`). */
const OPEN_EVENT_STATUSES = ["new", "investigating"] as const;

/** One site of `GET /api/dashboard/sites`. */
export type AudioSocSite = { site_id: string; total: number } & Record<Severity, number>;

/**
 * The AudioSOC v1 API's dashboard (`/api/dashboard/*`) in the AudioSOC v1 API's shapes, on the same counts as the native one;
 * `info` is added next to the AudioSOC v1 API's four severities so that totals add up.
 */
export class AudioSocDashboard {
  constructor(private readonly dashboard: DashboardService) {}

  /** `GET /api/dashboard/stats`: totals and breakdowns by status, severity and source over all events. */
  async stats(siteId?: string) {
    const { repository, clock } = this.dashboard;
    const where = siteId === undefined ? undefined : { site_id: siteId };
    const [rows, last24h] = await Promise.all([
      repository.counts({
        family: "events",
        range: ALL_TIME,
        groupBy: ["severity", "status", "source_type"],
        where,
      }),
      repository.total({
        family: "events",
        range: { from: clock.now().getTime() - DAY, to: Infinity },
        where,
      }),
    ]);
    const criticalOpen = rows.filter(
      (r) => r.severity === "critical" && OPEN_EVENT_STATUSES.includes(r.status as never),
    );
    return {
      total_events: sumCounts(rows),
      events_last_24h: last24h,
      critical_open: sumCounts(criticalOpen),
      by_status: tally(rows, "status", EVENT_STATUSES),
      by_severity: tally(rows, "severity", SEVERITIES),
      by_source: tally(rows, "source_type", SOURCE_TYPES),
    };
  }

  /** `GET /api/dashboard/trends`: 168 hourly buckets up to the current hour, 7 UTC days by severity. */
  async trends(siteId?: string) {
    const now = this.dashboard.clock.now().getTime();
    const hourEnd = floorTo(now, HOUR) + HOUR;
    const dayEnd = floorTo(now, DAY) + DAY;
    const [hourly, daily] = await Promise.all([
      this.dashboard.buckets({ from: hourEnd - 7 * DAY, to: hourEnd }, HOUR, siteId),
      this.dashboard.buckets({ from: dayEnd - 7 * DAY, to: dayEnd }, DAY, siteId),
    ]);
    return {
      hourly: hourly.map((b) => ({ hour: b.bucket, count: b.count })),
      daily: daily.map(({ bucket, count: _total, ...bySeverity }) => ({
        date: bucket.slice(0, 10),
        ...bySeverity,
      })),
    };
  }

  /** `GET /api/dashboard/sites`: every site (registered or seen in events) by severity, busiest first. */
  async sites(): Promise<{ sites: AudioSocSite[] }> {
    const { repository } = this.dashboard;
    const [rows, registered] = await Promise.all([
      repository.counts({ family: "events", range: ALL_TIME, groupBy: ["site_id", "severity"] }),
      repository.sites(),
    ]);
    const bySite = groupRows(
      rows.filter((r) => r.site_id),
      "site_id",
    );
    for (const site of registered) if (!bySite.has(site.id)) bySite.set(site.id, []);
    const sites = [...bySite].map(([site_id, found]) => ({
      site_id,
      total: sumCounts(found),
      ...tally(found, "severity", SEVERITIES),
    }));
    return { sites: sites.sort((a, b) => b.total - a.total || a.site_id.localeCompare(b.site_id)) };
  }
}
