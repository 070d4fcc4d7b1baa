import { z } from "zod";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import type { SiteStatsService } from "./site-stats.ts";

const SiteParams = z.object({ id: z.string().max(200) });

/** The reads of `/api/v1/sites` (the admin writes live in the sites module). */
export function siteStatsRoutes(app: App, sites: SiteStatsService): void {
  const tags = ["sites"];
  const config = { access: "analyst" as const };
  app.get(
    "/api/v1/sites",
    { config, schema: { tags, summary: "Every site with health, counts and open alerts" } },
    () => sites.list(),
  );
  app.get(
    "/api/v1/sites/:id",
    { config, schema: { tags, summary: "One site with health, counts and open alerts", params: SiteParams } },
    async (request) => {
      const site = await sites.get(request.params.id);
      if (!site) throw errors.notFound("Site");
      return site;
    },
  );
}
