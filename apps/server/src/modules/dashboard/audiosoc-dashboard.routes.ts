import { z } from "zod";
import type { App } from "../../http/app.ts";
import type { AudioSocDashboard } from "./audiosoc-dashboard.ts";

// AudioSOC v1 documents no parameters; `site_id` is an addition that narrows stats and trends to one site.
const SiteQuery = z.object({ site_id: z.string().min(1).max(200).optional() });

/** The AudioSOC v1 API's `/api/dashboard/*` paths. */
export function audioSocDashboardRoutes(app: App, dashboard: AudioSocDashboard): void {
  const tags = ["AudioSOC v1"];
  const config = { access: "analyst" as const, audioSoc: true };
  app.get(
    "/api/dashboard/stats",
    { config, schema: { tags, summary: "Dashboard statistics", querystring: SiteQuery } },
    (request) => dashboard.stats(request.query.site_id),
  );
  app.get(
    "/api/dashboard/trends",
    {
      config,
      schema: { tags, summary: "Hourly (7 days) and daily trends", querystring: SiteQuery },
    },
    (request) => dashboard.trends(request.query.site_id),
  );
  app.get("/api/dashboard/sites", { config, schema: { tags, summary: "Events per site by severity" } }, () =>
    dashboard.sites(),
  );
}
