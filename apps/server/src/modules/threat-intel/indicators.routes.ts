import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { PageQuery, pageOf } from "../../http/pagination.ts";
import { originOf } from "../rules/audit-port.ts";
import { INDICATOR_FORMATS } from "./formats/index.ts";
import { INDICATOR_KINDS } from "./indicator-values.ts";
import { IndicatorsRepository } from "./indicators.repository.ts";
import { indicatorsServiceOf } from "./indicators.service.ts";

/** Largest indicator file accepted (a bigger one: 413, nothing read). */
export const INDICATOR_BODY_LIMIT = 16 * 1024 * 1024;
const BODY_TYPES = ["text/plain", "text/csv", "application/json", "application/stix+json"];
const Source = z.string().trim().min(1).max(100);
const ImportQuery = z.object({
  source: Source.describe("the list's name: re-importing a source updates its indicators"),
  format: z.enum(INDICATOR_FORMATS).default("auto"),
  confidence: z.coerce.number().int().min(0).max(100).default(50),
  expires_at: z.iso.datetime({ offset: true }).optional(),
});
const ListQuery = PageQuery.extend({
  kind: z.enum(INDICATOR_KINDS).optional(),
  source: Source.optional(),
  q: z.string().max(200).optional(),
});
const ImportReport = z.object({
  import_id: z.string(),
  source: z.string(),
  accepted: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  refused_count: z.number().int(),
  refused: z.array(z.object({ ref: z.string(), reason: z.string() })),
  look_back: z.object({
    days: z.number().int(),
    events_scanned: z.number().int(),
    events_matched: z.number().int(),
    alerts: z.number().int(),
    skipped: z.string().optional(),
  }),
});
const ErrorBody = z.looseObject({ error: z.string(), message: z.string() });

/**
 * `/api/v1/indicators`: threat-intelligence lists (docs/THREAT-INTEL.md). Import and delete: admin,
 * audited; list: any user. Bodies are read as text in this scope (CSV, plain lists, STIX and MISP JSON).
 */
export async function indicatorsRoutes(app: App, ctx: AppContext): Promise<void> {
  const repository = new IndicatorsRepository(ctx.db);
  const service = indicatorsServiceOf(ctx, repository);
  const tags = ["threat intelligence"];
  await app.register(async (scope: App) => {
    // Text, not parsed JSON: a bad JSON file is reported by the import (422), and a big one is not walked twice.
    scope.removeContentTypeParser(["text/plain", "application/json"]);
    scope.addContentTypeParser(
      BODY_TYPES,
      { parseAs: "string", bodyLimit: INDICATOR_BODY_LIMIT },
      (_r, body, done) => done(null, body),
    );
    scope.post(
      "/api/v1/indicators/import",
      {
        config: { access: "admin" },
        bodyLimit: INDICATOR_BODY_LIMIT,
        schema: {
          tags,
          summary: "Import an indicator list (CSV or plain list, STIX 2.1 bundle, MISP event JSON)",
          description:
            "Per line or object: accepted, or refused with the reason. One transaction: a fatal error (JSON that does not parse) stores nothing. New indicators are then searched for in the last days of stored events (look-back).",
          consumes: BODY_TYPES,
          querystring: ImportQuery,
          body: z.unknown().describe("the indicator file"),
          response: { 200: ImportReport, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
        },
      },
      async (request) => {
        if (typeof request.body !== "string")
          throw errors.validation("Send the indicator file as the request body", [
            { field: "body", message: "required", type: "missing" },
          ]);
        const { source, format, confidence, expires_at } = request.query;
        return service.import(
          request.body,
          { source, format, confidence, expires_at: expires_at ? new Date(expires_at) : null },
          originOf(request),
        );
      },
    );
  });

  app.get(
    "/api/v1/indicators",
    {
      config: { access: "analyst" },
      schema: { tags, summary: "Indicators, newest first", querystring: ListQuery },
    },
    async (request) => {
      const { page, per_page, kind, source, q } = request.query;
      const { items, total } = await repository.list({ kind, source, q }, (page - 1) * per_page, per_page);
      return pageOf(items, total, page, per_page);
    },
  );

  app.delete(
    "/api/v1/indicators",
    {
      config: { access: "admin", answers: [404] },
      schema: {
        tags,
        summary: "Delete a source's indicator list",
        querystring: z.object({ source: Source }),
      },
    },
    async (request) => ({ removed: await service.removeSource(request.query.source, originOf(request)) }),
  );
}
