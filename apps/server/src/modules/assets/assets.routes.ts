import { ASSET_CRITICALITIES, AssetUpdateSchema } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { PageQuery, pageOf } from "../../http/pagination.ts";
import { originOf } from "../rules/audit-port.ts";

/** The site of events that had none, in a path (the stored site is `""`). */
export const NO_SITE = "-";

const AssetQuery = PageQuery.extend({
  site_id: z.string().min(1).max(255).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  criticality: z.enum(ASSET_CRITICALITIES).optional(),
  hosts: z
    .string()
    .max(2000)
    .transform((text) =>
      text
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(255)).min(1).max(20))
    .optional(),
});

const AssetParams = z.object({ site_id: z.string().min(1).max(255), host: z.string().min(1).max(255) });
const siteOf = (site: string) => (site === NO_SITE ? "" : site);

/**
 * `/api/v1/assets`: the hosts learnt from events (docs/ASSETS.md). Read: any user; criticality: supervisor
 * and admin (it changes the severity of alerts, like a rule does), audited.
 */
export function assetsRoutes(app: App, ctx: AppContext): void {
  const tags = ["assets"];

  app.get(
    "/api/v1/assets",
    {
      config: { access: "analyst" },
      schema: { tags, summary: "Assets, most recently seen first", querystring: AssetQuery },
    },
    async (request) => {
      const { page, per_page, site_id, ...filter } = request.query;
      const site = site_id === undefined ? {} : { site_id: siteOf(site_id) };
      const { items, total } = await ctx.assets.list({ ...filter, ...site }, (page - 1) * per_page, per_page);
      return pageOf(items, total, page, per_page);
    },
  );

  app.get(
    "/api/v1/assets/:site_id/:host",
    { config: { access: "analyst" }, schema: { tags, summary: "One asset", params: AssetParams } },
    (request) => ctx.assets.get(siteOf(request.params.site_id), request.params.host),
  );

  app.patch(
    "/api/v1/assets/:site_id/:host",
    {
      config: { access: "supervisor" },
      schema: { tags, summary: "Set an asset's criticality", params: AssetParams, body: AssetUpdateSchema },
    },
    (request) =>
      ctx.assets.update(siteOf(request.params.site_id), request.params.host, request.body, originOf(request)),
  );
}
