import { SEVERITIES, type Severity } from "@vigie/contracts";
import type { CountRow, SiteRecord } from "./dashboard.repository.ts";
import type { DashboardService } from "./dashboard.service.ts";
import { groupRows, sumCounts, tally } from "./tally.ts";
import { ALL_TIME, DAY, HOUR } from "./time-range.ts";

/** How recently a site sent its last event. */
export type SiteHealth = "online" | "degraded" | "offline";

// Checked in order: the first whose age limit the last event is under wins; otherwise offline.
const HEALTH_LIMITS: { under: number; health: SiteHealth }[] = [
  { under: HOUR, health: "online" },
  { under: DAY, health: "degraded" },
];

/** Health from the time of the last event (CONTRACT §4.1: online < 1 h, degraded < 24 h, else offline). */
export function siteHealth(lastEvent: Date | null, now: Date): SiteHealth {
  if (!lastEvent) return "offline";
  const age = now.getTime() - lastEvent.getTime();
  return HEALTH_LIMITS.find((limit) => age < limit.under)?.health ?? "offline";
}

/** A site with its statistics (`GET /api/v1/sites`). */
export interface SiteStats {
  site_id: string;
  name: string | null;
  description: string | null;
  networks: string[];
  /** False for a site id seen in events but never created. */
  registered: boolean;
  health: SiteHealth;
  last_event_at: string | null;
  /** Events of the last 60 minutes divided by 60. */
  events_per_minute: number;
  total_events: number;
  events_last_24h: number;
  events_by_severity: Record<Severity, number>;
  events_by_severity_24h: Record<Severity, number>;
  open_alerts: number;
}

/** Per-site statistics and health for the sites pages. */
export class SiteStatsService {
  constructor(private readonly dashboard: DashboardService) {}

  /** Registered sites and the site ids seen in events, by id. */
  async list(): Promise<SiteStats[]> {
    return this.collect();
  }

  /** One site, or null when it is neither registered nor seen in events. */
  async get(siteId: string): Promise<SiteStats | null> {
    const [site] = await this.collect(siteId);
    return site ?? null;
  }

  private async collect(siteId?: string): Promise<SiteStats[]> {
    const { repository, alerts, clock } = this.dashboard;
    const now = clock.now();
    const where = siteId === undefined ? undefined : { site_id: siteId };
    const count = (from: number) =>
      repository.counts({
        family: "events",
        range: { from, to: Infinity },
        groupBy: ["site_id", "severity"],
        where,
      });
    const [registered, total, lastDay, lastHour] = await Promise.all([
      repository.sites(siteId),
      count(ALL_TIME.from),
      count(now.getTime() - DAY),
      count(now.getTime() - HOUR),
    ]);
    const totals = groupRows(
      total.filter((r) => r.site_id),
      "site_id",
    );
    const ids = [...new Set([...registered.map((s) => s.id), ...totals.keys()])].sort();
    const [lastEvents, openAlerts] = await Promise.all([repository.lastEvents(ids), alerts.openBySite(ids)]);
    const day = groupRows(lastDay, "site_id");
    const hour = groupRows(lastHour, "site_id");
    const records = new Map(registered.map((s) => [s.id, s]));
    return ids.map((id) => {
      const last = lastEvents.get(id) ?? null;
      return {
        ...describe(id, records.get(id)),
        health: siteHealth(last, now),
        last_event_at: last?.toISOString() ?? null,
        events_per_minute: Math.round((sumCounts(hour.get(id) ?? []) / 60) * 100) / 100,
        ...severityCounts(totals.get(id) ?? [], day.get(id) ?? []),
        open_alerts: openAlerts.get(id) ?? 0,
      };
    });
  }
}

function describe(id: string, site: SiteRecord | undefined) {
  return {
    site_id: id,
    name: site?.name ?? null,
    description: site?.description ?? null,
    networks: site?.networks ?? [],
    registered: site !== undefined,
  };
}

function severityCounts(total: CountRow[], lastDay: CountRow[]) {
  return {
    total_events: sumCounts(total),
    events_last_24h: sumCounts(lastDay),
    events_by_severity: tally(total, "severity", SEVERITIES),
    events_by_severity_24h: tally(lastDay, "severity", SEVERITIES),
  };
}
