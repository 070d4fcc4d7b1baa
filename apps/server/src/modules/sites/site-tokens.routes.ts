import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { requestActor } from "../audit/audit.service.ts";
import {
  type IngestTokenRecord,
  publicIngestToken,
  type TokenScope,
} from "../ingest-tokens/ingest-tokens.service.ts";
import { SiteId } from "./site-fields.ts";

const SiteParams = z.object({ id: z.string().max(200) });
const TokenParams = z.object({ id: z.string().max(200), token_id: z.string().max(64) });
const Name = z.string().trim().min(1).max(100);
const GlobalTokenBody = z.object({ name: Name, site_id: SiteId.nullable().default(null) });

/**
 * Ingest tokens (admin): per site under `/api/v1/sites/:id/tokens`, and every token (including the
 * "all sites" ones, such as the first start's default) under `/api/v1/ingest-tokens`. A new token's
 * secret is in the creation response only.
 */
export function siteTokensRoutes(app: App, ctx: AppContext): void {
  const tags = ["ingest tokens"];
  const config = { access: "admin" as const };

  app.get(
    "/api/v1/sites/:id/tokens",
    { config, schema: { tags, summary: "A site's ingest tokens", params: SiteParams } },
    async (request) => {
      const siteId = await existingSite(ctx, request.params.id);
      return (await ctx.ingestTokens.list({ siteId })).map(publicIngestToken);
    },
  );

  app.post(
    "/api/v1/sites/:id/tokens",
    {
      config: { ...config, answers: [201] },
      schema: {
        tags,
        summary: "Issue an ingest token bound to the site (secret shown once)",
        params: SiteParams,
        body: z.object({ name: Name }),
      },
    },
    async (request, reply) => {
      const siteId = await existingSite(ctx, request.params.id);
      return reply.code(201).send(await issue(ctx, request, request.body.name, siteId));
    },
  );

  app.delete(
    "/api/v1/sites/:id/tokens/:token_id",
    { config, schema: { tags, summary: "Revoke one of the site's tokens", params: TokenParams } },
    async (request) => {
      const siteId = await existingSite(ctx, request.params.id);
      return revoke(ctx, request, request.params.token_id, { siteId });
    },
  );

  app.get(
    "/api/v1/ingest-tokens",
    { config, schema: { tags, summary: "Every ingest token, of every site and for all sites" } },
    async () => (await ctx.ingestTokens.list("all")).map(publicIngestToken),
  );

  app.post(
    "/api/v1/ingest-tokens",
    {
      config: { ...config, answers: [201, 404] },
      schema: {
        tags,
        summary: "Issue a token for one site or (site_id null) for all sites",
        body: GlobalTokenBody,
      },
    },
    async (request, reply) => {
      const siteId = request.body.site_id === null ? null : await existingSite(ctx, request.body.site_id);
      return reply.code(201).send(await issue(ctx, request, request.body.name, siteId));
    },
  );

  app.delete(
    "/api/v1/ingest-tokens/:token_id",
    {
      config,
      schema: {
        tags,
        summary: "Revoke any ingest token",
        params: z.object({ token_id: z.string().max(64) }),
      },
    },
    async (request) => revoke(ctx, request, request.params.token_id, "all"),
  );
}

async function existingSite(ctx: AppContext, id: string): Promise<string> {
  const site = await ctx.sites.find(id);
  if (!site) throw errors.notFound("Site");
  return site.id;
}

async function issue(ctx: AppContext, request: FastifyRequest, name: string, siteId: string | null) {
  const { token, record } = await ctx.ingestTokens.create({ name, siteId, createdBy: request.user!.id });
  await ctx.audit.record({
    ...requestActor(request),
    action: "ingest_token.created",
    ...tokenTarget(record),
  });
  return { ...publicIngestToken(record), token };
}

async function revoke(ctx: AppContext, request: FastifyRequest, tokenId: string, scope: TokenScope) {
  const record = await ctx.ingestTokens.revoke(tokenId, scope);
  if (!record) throw errors.notFound("Ingest token");
  await ctx.audit.record({
    ...requestActor(request),
    action: "ingest_token.revoked",
    ...tokenTarget(record),
  });
  return publicIngestToken(record);
}

function tokenTarget(record: IngestTokenRecord) {
  return {
    target_type: "ingest_token",
    target_id: record.id,
    details: { name: record.name, prefix: record.prefix, site_id: record.siteId },
  };
}
