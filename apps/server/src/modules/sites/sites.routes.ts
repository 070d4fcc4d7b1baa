import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { requestActor } from "../audit/audit.service.ts";
import { SiteBody, SiteId } from "./site-fields.ts";
import { publicSite } from "./sites.repository.ts";

const SiteParams = z.object({ id: z.string().max(200) });
const CreateSite = SiteBody.extend({ site_id: SiteId });
const UpdateSite = SiteBody.partial().refine(
  (b) => Object.keys(b).length > 0,
  "Give name, description and/or networks",
);

/**
 * Admin writes on `/api/v1/sites` (create, rename, describe, set sender networks, delete). The reads
 * (`GET /sites`, `GET /sites/:id` with statistics) live in the dashboard module.
 */
export function sitesRoutes(app: App, ctx: AppContext): void {
  const tags = ["sites"];
  const config = { access: "admin" as const };

  app.post(
    "/api/v1/sites",
    {
      config: { ...config, answers: [201, 409] },
      schema: { tags, summary: "Create a site", body: CreateSite },
    },
    async (request, reply) => {
      const { site_id, ...fields } = request.body;
      const site = await ctx.sites.create(site_id, fields);
      await siteChanged(ctx, site.id);
      await ctx.audit.record({
        ...requestActor(request),
        action: "site.created",
        target_type: "site",
        target_id: site.id,
        details: { name: site.name },
      });
      return reply.code(201).send(publicSite(site));
    },
  );

  app.patch(
    "/api/v1/sites/:id",
    { config, schema: { tags, summary: "Update a site", params: SiteParams, body: UpdateSite } },
    async (request) => {
      const site = await ctx.sites.update(request.params.id, request.body);
      if (!site) throw errors.notFound("Site");
      await siteChanged(ctx, site.id);
      await ctx.audit.record({
        ...requestActor(request),
        action: "site.updated",
        target_type: "site",
        target_id: site.id,
        details: { fields: Object.keys(request.body) },
      });
      return publicSite(site);
    },
  );

  app.delete(
    "/api/v1/sites/:id",
    {
      config: { ...config, answers: [409] },
      schema: {
        tags,
        summary: "Delete a site and its ingest tokens (its events are kept)",
        params: SiteParams,
      },
    },
    async (request) => {
      const site = await ctx.sites.delete(request.params.id);
      if (!site) throw errors.notFound("Site");
      await siteChanged(ctx, site.id);
      await ctx.ingestTokens.changed(`site:${site.id}`);
      await ctx.audit.record({
        ...requestActor(request),
        action: "site.deleted",
        target_type: "site",
        target_id: site.id,
        details: { name: site.name },
      });
      return { deleted: true };
    },
  );
}

async function siteChanged(ctx: AppContext, siteId: string): Promise<void> {
  await ctx.bus.publish("sites.changed", { site_id: siteId });
}
