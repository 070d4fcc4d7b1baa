import { AudioSocDashboard } from "../apps/server/src/modules/dashboard/audiosoc-dashboard.ts";
import type { DashboardService } from "../apps/server/src/modules/dashboard/dashboard.service.ts";
import { SiteStatsService } from "../apps/server/src/modules/dashboard/site-stats.ts";
import { buildEventSql } from "../apps/server/src/modules/logs/event-query.ts";
import { parseQuery } from "../apps/server/src/modules/logs/query/parse.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
// Deliberately not aligned on any bucket, so the exact edges are read from the events table.
const weekFrom = (now: number) => iso(now - 7 * 24 * HOUR + 123_457);
const weekTo = (now: number) => iso(now - 2 * HOUR - 98_765);

type Naive = () => Promise<unknown>;
/** A measured request and, when it has one, the same answer computed without rollups. */
export interface Case {
  name: string;
  path: string;
  naive?: Naive;
}

/** Every measured request, over events loaded up to `now`, with its naive counterpart. */
export function cases(
  now: number,
  naive: DashboardService,
  sql: (text: string, values?: unknown[]) => Promise<unknown>,
): Case[] {
  const [from, to] = [weekFrom(now), weekTo(now)];
  const audioSoc = new AudioSocDashboard(naive);
  const sites = new SiteStatsService(naive);
  const list = (query: Parameters<typeof buildEventSql>[0]) => async () => {
    // What a list without a bound on its count does: an exact count(*) plus the page.
    const { from, where, orderBy, params } = buildEventSql(query);
    await sql(`SELECT count(*) FROM ${from} ${where}`, params);
    await sql(`SELECT * FROM ${from} ${where} ORDER BY ${orderBy} LIMIT 50`, params);
  };
  return [
    { name: "dashboard", path: "/api/v1/dashboard", naive: () => naive.summary({}) },
    {
      name: "dashboard ?site_id",
      path: "/api/v1/dashboard?site_id=AUDIO_007",
      naive: () => naive.summary({ siteId: "AUDIO_007" }),
    },
    {
      name: "severity-breakdown (7 d, unaligned)",
      path: `/api/v1/dashboard/severity-breakdown?from=${from}&to=${to}`,
      naive: () => naive.severityBreakdown({ from: Date.parse(from), to: Date.parse(to) }),
    },
    {
      name: "timeline 24 h / 15 min",
      path: "/api/v1/dashboard/timeline",
      naive: () => naive.timeline({}, 24, 15),
    },
    {
      name: "timeline 48 h / 60 min",
      path: "/api/v1/dashboard/timeline?hours=48&bucket_minutes=60",
      naive: () => naive.timeline({}, 48, 60),
    },
    {
      name: "timeline 720 h / 60 min",
      path: "/api/v1/dashboard/timeline?hours=720&bucket_minutes=60",
      naive: () => naive.timeline({}, 720, 60),
    },
    {
      name: "top-sources (all time)",
      path: "/api/v1/dashboard/top-sources?limit=10",
      naive: () => naive.topSources({}, 10),
    },
    {
      name: "top-sources (7 d, unaligned)",
      path: `/api/v1/dashboard/top-sources?from=${from}&to=${to}`,
      naive: () => naive.topSources({ from: Date.parse(from), to: Date.parse(to) }, 10),
    },
    { name: "heatmap 30 d", path: "/api/v1/dashboard/heatmap?days=30", naive: () => naive.heatmap({}, 30) },
    { name: "AudioSOC v1 stats", path: "/api/dashboard/stats", naive: () => audioSoc.stats() },
    { name: "AudioSOC v1 trends", path: "/api/dashboard/trends", naive: () => audioSoc.trends() },
    { name: "AudioSOC v1 sites", path: "/api/dashboard/sites", naive: () => audioSoc.sites() },
    { name: "sites", path: "/api/v1/sites", naive: () => sites.list() },
    { name: "sites/:id", path: "/api/v1/sites/AUDIO_007", naive: () => sites.get("AUDIO_007") },
    { name: "logs (no filter)", path: "/api/v1/logs", naive: list({ equals: {} }) },
    {
      name: "logs ?severity=critical",
      path: "/api/v1/logs?severity=critical",
      naive: list({ equals: { severity: "critical" } }),
    },
    {
      name: "logs ?site_id&severity",
      path: "/api/v1/logs?site_id=AUDIO_007&severity=high",
      naive: list({ equals: { site_id: "AUDIO_007", severity: "high" } }),
    },
    {
      name: "logs ?site_id&source_type&severity (rare)",
      path: "/api/v1/logs?site_id=AUDIO_007&source_type=email&severity=critical",
      naive: list({ equals: { site_id: "AUDIO_007", source_type: "email", severity: "critical" } }),
    },
    {
      name: "logs ?status=resolved",
      path: "/api/v1/logs?status=resolved",
      naive: list({ equals: { status: "resolved" } }),
    },
    {
      name: "logs ?from&to (1 h)",
      path: `/api/v1/logs?from=${iso(now - 5 * HOUR)}&to=${iso(now - 4 * HOUR)}`,
      naive: list({ equals: {}, from: new Date(now - 5 * HOUR), to: new Date(now - 4 * HOUR) }),
    },
    {
      name: "search, rare word (a user, 0.3 %)",
      path: "/api/v1/logs/search?q=user42",
      naive: list({ equals: {}, query: parseQuery("user42") }),
    },
    {
      name: "search, frequent word (firewall_deny, 20 %)",
      path: "/api/v1/logs/search?q=firewall_deny",
      naive: list({ equals: {}, query: parseQuery("firewall_deny") }),
    },
    {
      name: "search, word and a site",
      path: "/api/v1/logs/search?q=site_id:AUDIO_007%20login_failure",
      naive: list({ equals: { site_id: "AUDIO_007" }, query: parseQuery("login_failure") }),
    },
    {
      name: "search with filters (field, range, NOT, a site, 7 d)",
      path: `/api/v1/logs?q=${encodeURIComponent("source_type:auth AND severity>=medium AND NOT username:user1*")}&site_id=AUDIO_007&from=${from}&to=${to}`,
    },
    {
      name: "field top values: username (all events)",
      path: "/api/v1/logs/fields/username/top",
    },
    {
      name: "field top values: event_type, with filters (a site, 7 d)",
      path: `/api/v1/logs/fields/event_type/top?q=${encodeURIComponent("severity>=medium")}&site_id=AUDIO_007&from=${from}&to=${to}`,
    },
    {
      name: "logs page 50 ?source_type=auth",
      path: "/api/v1/logs?source_type=auth&page=50",
      naive: list({ equals: { source_type: "auth" } }),
    },
  ];
}
