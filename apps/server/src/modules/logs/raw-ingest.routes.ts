import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { FORMAT_NAMES } from "../../ingest/formats/index.ts";
import { INPUT_POLICY_NOTE } from "./ingest-context.ts";
import {
  acceptCompressedBodies,
  acceptNdjson,
  documentsOf,
  MAX_DOCUMENTS,
  NDJSON_TYPES,
} from "./raw-body.ts";

const RawQuery = z.object({
  site_id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "a site id")
    .optional(),
  format: z.enum(FORMAT_NAMES).optional(),
});

const ItemError = z.object({ index: z.number().int(), error: z.string() });
const Outcome = z.object({ created: z.number().int(), ids: z.array(z.string()), errors: z.array(ItemError) });
// Loose: the error handler's `details` and `retry_after` must reach the client as they are.
const Failure = z.looseObject({ error: z.string(), message: z.string() });

/** `POST /api/v1/logs/ingest/raw`: what log shippers send, as they send it (docs/WINDOWS.md). */
export async function rawIngestRoutes(app: App, ctx: AppContext): Promise<void> {
  // Its own scope: the NDJSON parser and gzip decoding apply to this route only.
  await app.register(async (scope: App) => {
    acceptCompressedBodies(scope);
    acceptNdjson(scope);
    scope.post(
      "/api/v1/logs/ingest/raw",
      {
        config: { access: "ingest" },
        schema: {
          tags: ["logs"],
          summary: `Ingest shipper documents as sent (NDJSON or JSON, gzip accepted, up to ${MAX_DOCUMENTS})`,
          description:
            "Each document's format is recognised (EVTX JSON, Winlogbeat, NXLog, Wazuh, Fluent Bit, Log Analytics, " +
            "Zeek, Suricata EVE, native; anything else is kept as a generic JSON event). `format` restricts " +
            "recognition to one format; `site_id` names the site for tokens not bound to one. " +
            INPUT_POLICY_NOTE +
            " Documents Vigie decoded (every format but native) keep an address that is not one in `metadata.invalid_addresses` instead.",
          consumes: ["application/json", ...NDJSON_TYPES],
          querystring: RawQuery,
          body: z
            .unknown()
            .describe("NDJSON (one document a line), or one JSON document, or an array of them"),
          response: {
            201: Outcome,
            207: Outcome,
            403: Failure,
            413: Failure,
            415: Failure,
            422: Outcome.or(Failure),
          },
        },
      },
      async (request, reply) => {
        const boundSite = request.ingest?.siteId ?? null;
        const { site_id: asked, format } = request.query;
        if (boundSite && asked && asked !== boundSite) {
          throw errors.forbidden(`This ingest token writes to ${boundSite} only`);
        }
        const outcome = await ctx.pipeline.submit(documentsOf(request), {
          receiver: "http-raw",
          clientIp: request.ip,
          forcedSiteId: boundSite ?? asked ?? null,
          recognise: { format },
        });
        const body = {
          created: outcome.ids.length,
          ids: outcome.ids,
          errors: outcome.errors.map(({ index, error }) => ({ index, error })),
        };
        return reply.code(!outcome.errors.length ? 201 : outcome.ids.length ? 207 : 422).send(body);
      },
    );
  });
}
