import { EVENT_STATUSES, SEVERITIES, SOURCE_TYPES } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { fromAudioSoc, toAudioSocEvent } from "./audiosoc.ts";
import { plainText } from "./event-query.ts";
import { IDEMPOTENCY_NOTE, INPUT_POLICY_NOTE, IngestHeaders, ingestContext } from "./ingest-context.ts";
import { TriageBody } from "./logs.routes.ts";
import { triageEvent } from "./triage.ts";

const AudioSocList = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(50),
  status: z.enum(EVENT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  source: z.enum(SOURCE_TYPES).optional(),
  event_type: z.string().min(1).max(255).optional(),
  site_id: z.string().min(1).max(255).optional(),
  search: z.string().trim().min(1).max(1000).optional(),
});
const IdParams = z.object({ id: z.string().max(64) });

/** The AudioSOC v1 API's paths (`/api/ingest`, `/api/events`) on the same pipeline and storage, in the AudioSOC v1 API's shapes. */
export function audioSocLogsRoutes(app: App, ctx: AppContext): void {
  const tags = ["AudioSOC v1"];
  const config = { access: "ingest" as const, audioSoc: true, answers: [201] };

  app.post(
    "/api/ingest",
    {
      config,
      schema: {
        tags,
        summary: "Ingest one event",
        description: `${INPUT_POLICY_NOTE} ${IDEMPOTENCY_NOTE}`,
        headers: IngestHeaders,
      },
    },
    async (request, reply) => {
      const converted = fromAudioSoc(request.body);
      if ("error" in converted) throw errors.audioSocBadRequest(converted.error);
      const outcome = await ctx.pipeline.submit([converted.record], ingestContext(request, "audiosoc-v1"));
      if (outcome.errors[0]) throw errors.audioSocBadRequest(outcome.errors[0].error);
      return reply.code(201).send(toAudioSocEvent(outcome.events[0]!));
    },
  );

  app.post(
    "/api/ingest/batch",
    {
      config,
      schema: {
        tags,
        summary: "Ingest events",
        description: `${INPUT_POLICY_NOTE} ${IDEMPOTENCY_NOTE}`,
        headers: IngestHeaders,
      },
    },
    async (request, reply) => {
      const events = (request.body as { events?: unknown } | null)?.events;
      if (!Array.isArray(events)) throw errors.audioSocBadRequest('Request body must be {"events": [...]}');
      if (events.length > 10_000) throw errors.audioSocBadRequest("At most 10000 events per batch");
      const converted = events.map(fromAudioSoc);
      const records = converted.flatMap((c, index) => ("record" in c ? [{ index, record: c.record }] : []));
      const outcome = await ctx.pipeline.submit(
        records.map((r) => r.record),
        ingestContext(request, "audiosoc-v1"),
      );
      const errorsOut = [
        ...converted.flatMap((c, index) => ("error" in c ? [{ index, error: c.error }] : [])),
        ...outcome.errors.map((e) => ({ index: records[e.index]!.index, error: e.error })),
      ].sort((a, b) => a.index - b.index);
      return reply
        .code(outcome.ids.length ? 201 : 400)
        .send({ created: outcome.ids.length, errors: errorsOut });
    },
  );

  app.get(
    "/api/events",
    {
      config: { access: "analyst", audioSoc: true },
      schema: { tags, summary: "List events", querystring: AudioSocList },
    },
    async (request) => {
      const { page, per_page, source, search, ...equals } = request.query;
      const result = await ctx.events.list(
        {
          equals: { ...equals, ...(source ? { source_type: source } : {}) },
          ...(search ? { query: plainText(search) } : {}),
        },
        (page - 1) * per_page,
        per_page,
      );
      return {
        events: result.items.map(toAudioSocEvent),
        total: result.total,
        page,
        per_page,
        pages: Math.ceil(result.total / per_page),
      };
    },
  );

  app.get(
    "/api/events/:id",
    {
      config: { access: "analyst", audioSoc: true },
      schema: { tags, summary: "One event", params: IdParams },
    },
    async (request) => {
      const event = await ctx.events.get(request.params.id);
      if (!event) throw errors.notFound("Event");
      return toAudioSocEvent(event);
    },
  );

  app.patch(
    "/api/events/:id/status",
    {
      config: { access: "analyst", audioSoc: true },
      schema: { tags, summary: "Triage an event", params: IdParams, body: TriageBody },
    },
    async (request) => {
      const event = await triageEvent(ctx, request, request.params.id, request.body);
      return toAudioSocEvent(event);
    },
  );
}
