import { SEVERITIES, type Severity } from "@vigie/contracts";
import { errors } from "../../http/errors.ts";
import type { Clock } from "../../platform/clock.ts";
import { type AlertCounts, type AlertsByStatus, openAlerts } from "./alert-counts.ts";
import type { DashboardRepository } from "./dashboard.repository.ts";
import { groupRows, sumCounts, tally } from "./tally.ts";
import { ALL_TIME, bucketStarts, ceilTo, DAY, floorTo, HOUR, type TimeRange } from "./time-range.ts";

/** Most buckets one timeline or heatmap answers (720 h in 5-minute buckets fit). */
export const MAX_BUCKETS = 10_000;

/** The filters every native dashboard endpoint takes; a missing bound is open. */
export interface DashboardFilter {
  siteId?: string;
  from?: number;
  to?: number;
}

/** `GET /dashboard`. */
export interface DashboardSummary {
  total_events: number;
  total_alerts: number;
  open_alerts: number;
  /** Critical alerts not yet resolved (one number the console's card needs, instead of three requests). */
  critical_open: number;
  alerts_by_status: AlertsByStatus;
  severity_breakdown: SeverityCount[];
}

/** One severity and its event count. */
export interface SeverityCount {
  severity: Severity;
  count: number;
}

/** One timeline bucket: its start (ISO Z), the total and the count of each severity. */
export type TimelineBucket = { bucket: string; count: number } & Record<Severity, number>;

/** One heatmap cell: an hour bucket with its UTC day and hour. */
export type HeatmapCell = TimelineBucket & { day: string; hour: number };

/** The native dashboard (CONTRACT §4.1): counts served by the rollups, exact at the edges. */
export class DashboardService {
  constructor(
    readonly repository: DashboardRepository,
    readonly alerts: AlertCounts,
    readonly clock: Clock,
  ) {}

  /** Totals, alerts by status and the severity breakdown. */
  async summary(filter: DashboardFilter): Promise<DashboardSummary> {
    const range = rangeOf(filter);
    const [breakdown, byStatus, criticalOpen] = await Promise.all([
      this.severityBreakdown(filter),
      this.alerts.byStatus({ siteId: filter.siteId, range }),
      this.alerts.criticalOpen({ siteId: filter.siteId, range }),
    ]);
    return {
      total_events: breakdown.reduce((sum, b) => sum + b.count, 0),
      total_alerts: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
      open_alerts: openAlerts(byStatus),
      critical_open: criticalOpen,
      alerts_by_status: byStatus,
      severity_breakdown: breakdown,
    };
  }

  /** Event count of every severity, most severe first (zeros included). */
  async severityBreakdown(filter: DashboardFilter): Promise<SeverityCount[]> {
    const rows = await this.repository.counts({
      family: "events",
      range: rangeOf(filter),
      groupBy: ["severity"],
      where: siteWhere(filter),
    });
    const counts = tally(rows, "severity", SEVERITIES);
    return SEVERITIES.map((severity) => ({ severity, count: counts[severity] }));
  }

  /**
   * Buckets of `bucketMinutes` ascending, empty ones included. Without `from`/`to`: the `hours`
   * before now, whole buckets up to the end of the current one; with them: exactly [from, to).
   */
  async timeline(filter: DashboardFilter, hours: number, bucketMinutes: number): Promise<TimelineBucket[]> {
    const step = bucketMinutes * 60_000;
    const currentEnd = floorTo(this.clock.now().getTime(), step) + step;
    const to = filter.to ?? currentEnd;
    const from = filter.from ?? to - Math.ceil((hours * HOUR) / step) * step;
    return this.buckets({ from, to }, step, filter.siteId);
  }

  /** Hourly counts of the last `days` UTC days (today included), or of [from, to), with day and hour labels. */
  async heatmap(filter: DashboardFilter, days: number): Promise<HeatmapCell[]> {
    const tomorrow = floorTo(this.clock.now().getTime(), DAY) + DAY;
    const to = filter.to ?? tomorrow;
    const from = filter.from ?? ceilTo(to, DAY) - days * DAY;
    const buckets = await this.buckets({ from, to }, HOUR, filter.siteId);
    return buckets.map((b) => ({ ...b, day: b.bucket.slice(0, 10), hour: Number(b.bucket.slice(11, 13)) }));
  }

  /** The source IPs with the most events, most first. */
  async topSources(filter: DashboardFilter, limit: number): Promise<{ source_ip: string; count: number }[]> {
    const rows = await this.repository.counts({
      family: "source_ip",
      range: rangeOf(filter),
      groupBy: ["source_ip"],
      where: siteWhere(filter),
      top: limit,
    });
    return rows.map((r) => ({ source_ip: r.source_ip ?? "", count: r.count }));
  }

  /** Counts per `step` bucket over a range, by severity, with the empty buckets. */
  async buckets(range: TimeRange, step: number, siteId?: string): Promise<TimelineBucket[]> {
    const asked = Math.ceil((range.to - floorTo(range.from, step)) / step);
    if (asked > MAX_BUCKETS) {
      throw errors.validation(`At most ${MAX_BUCKETS} buckets: widen the buckets or narrow from/to`, [
        { field: "querystring.from", message: `${asked} buckets asked`, type: "too_big" },
      ]);
    }
    const starts = bucketStarts(range, step);
    const rows = await this.repository.counts({
      family: "events",
      range,
      groupBy: ["severity"],
      bucketMs: step,
      where: siteWhere({ siteId }),
    });
    const byBucket = groupRows(rows, "bucket");
    return starts.map((start) => {
      const bucket = new Date(start).toISOString();
      const found = byBucket.get(bucket) ?? [];
      return { bucket, count: sumCounts(found), ...tally(found, "severity", SEVERITIES) };
    });
  }
}

/** The range of a filter (open ends when absent). */
export function rangeOf(filter: DashboardFilter): TimeRange {
  return { from: filter.from ?? ALL_TIME.from, to: filter.to ?? ALL_TIME.to };
}

function siteWhere(filter: DashboardFilter) {
  return filter.siteId === undefined ? undefined : { site_id: filter.siteId };
}
