import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { AlertCounts } from "./alert-counts.ts";
import { audioSocDashboardRoutes } from "./audiosoc-dashboard.routes.ts";
import { AudioSocDashboard } from "./audiosoc-dashboard.ts";
import { DashboardRepository } from "./dashboard.repository.ts";
import { type DashboardFilter, DashboardService } from "./dashboard.service.ts";
import { SiteStatsService } from "./site-stats.ts";
import { siteStatsRoutes } from "./sites-stats.routes.ts";

/** Bucket sizes the rollups serve: divisors of an hour (from 5 min) or whole hours dividing a day. */
export const BUCKET_MINUTES = [5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440] as const;

const time = z.iso.datetime({ offset: true });
const Filters = z.object({
  site_id: z.string().min(1).max(200).optional(),
  from: time.optional(),
  to: time.optional(),
});
const ordered = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to);
const orderMessage = { message: "`from` must be before `to`", path: ["from"] };
const TimelineQuery = Filters.extend({
  hours: z.coerce.number().int().min(1).max(720).default(24),
  bucket_minutes: z.coerce
    .number()
    .int()
    .refine((m) => (BUCKET_MINUTES as readonly number[]).includes(m), `One of ${BUCKET_MINUTES.join(", ")}`)
    .default(15),
}).refine(ordered, orderMessage);
const HeatmapQuery = Filters.extend({ days: z.coerce.number().int().min(1).max(366).default(30) }).refine(
  ordered,
  orderMessage,
);
const TopSourcesQuery = Filters.extend({ limit: z.coerce.number().int().min(1).max(100).default(10) }).refine(
  ordered,
  orderMessage,
);
const FilterQuery = Filters.refine(ordered, orderMessage);

/** Filters as the services take them (epoch ms; offsets such as +02:00 are honoured). */
function filterOf(query: z.infer<typeof Filters>): DashboardFilter {
  return {
    ...(query.site_id === undefined ? {} : { siteId: query.site_id }),
    ...(query.from === undefined ? {} : { from: Date.parse(query.from) }),
    ...(query.to === undefined ? {} : { to: Date.parse(query.to) }),
  };
}

/** The dashboards (native and AudioSOC v1) and the sites statistics; every read is open to any signed-in user. */
export function dashboardRoutes(app: App, ctx: AppContext): void {
  const dashboard = new DashboardService(new DashboardRepository(ctx.db), new AlertCounts(ctx.db), ctx.clock);
  nativeDashboardRoutes(app, dashboard);
  audioSocDashboardRoutes(app, new AudioSocDashboard(dashboard));
  siteStatsRoutes(app, new SiteStatsService(dashboard));
}

function nativeDashboardRoutes(app: App, dashboard: DashboardService): void {
  const tags = ["dashboard"];
  const config = { access: "analyst" as const };
  app.get(
    "/api/v1/dashboard",
    {
      config,
      schema: { tags, summary: "Totals, alerts by status, severity breakdown", querystring: FilterQuery },
    },
    (request) => dashboard.summary(filterOf(request.query)),
  );
  app.get(
    "/api/v1/dashboard/timeline",
    {
      config,
      schema: {
        tags,
        summary: "Event counts per time bucket (ascending, ISO Z)",
        querystring: TimelineQuery,
      },
    },
    (request) =>
      dashboard.timeline(filterOf(request.query), request.query.hours, request.query.bucket_minutes),
  );
  app.get(
    "/api/v1/dashboard/severity-breakdown",
    { config, schema: { tags, summary: "Event count per severity", querystring: FilterQuery } },
    (request) => dashboard.severityBreakdown(filterOf(request.query)),
  );
  app.get(
    "/api/v1/dashboard/top-sources",
    { config, schema: { tags, summary: "Source IPs with the most events", querystring: TopSourcesQuery } },
    (request) => dashboard.topSources(filterOf(request.query), request.query.limit),
  );
  app.get(
    "/api/v1/dashboard/heatmap",
    {
      config,
      schema: {
        tags,
        summary: "Hourly counts of the last `days` UTC days (day × hour)",
        querystring: HeatmapQuery,
      },
    },
    (request) => dashboard.heatmap(filterOf(request.query), request.query.days),
  );
}
