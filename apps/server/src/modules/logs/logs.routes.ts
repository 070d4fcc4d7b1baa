import { EVENT_STATUSES } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { pageOf } from "../../http/pagination.ts";
import type { EventQuery } from "./event-query.ts";
import { PIVOT_COLUMNS, type PivotField, pivotEvents } from "./events.repository.ts";
import { IDEMPOTENCY_NOTE, INPUT_POLICY_NOTE, IngestHeaders, ingestContext } from "./ingest-context.ts";
import { EventListQuery, eventQueryOf } from "./list-params.ts";
import { MAX_QUERY_LENGTH } from "./query/parse.ts";
import { triageEvent } from "./triage.ts";

const MAX_BATCH = 10_000;
const text = z.string().min(1).max(255);
const SearchQuery = EventListQuery.extend({ q: z.string().trim().min(1).max(MAX_QUERY_LENGTH) });
const PivotQuery = z
  .object({ ip: text.optional(), username: text.optional(), hostname: text.optional() })
  .refine((q) => Object.values(q).filter(Boolean).length === 1, "Give exactly one of ip, username, hostname");
const IdParams = z.object({ id: z.string().max(64) });
/** Triage change shared by the native and AudioSOC v1 status endpoints. */
export const TriageBody = z
  .object({
    status: z.enum(EVENT_STATUSES).optional(),
    assigned_to: z.string().max(100).nullable().optional(),
  })
  .refine((b) => b.status !== undefined || b.assigned_to !== undefined, "Give status and/or assigned_to");

/** `/api/v1/logs`: ingest (native), list, search, pivot, one event, triage. */
export function logsRoutes(app: App, ctx: AppContext): void {
  const tags = ["logs"];
  app.post(
    "/api/v1/logs/ingest",
    {
      config: { access: "ingest", answers: [201] },
      schema: {
        tags,
        summary: "Ingest one event",
        description: `${INPUT_POLICY_NOTE} ${IDEMPOTENCY_NOTE}`,
        headers: IngestHeaders,
      },
    },
    async (request, reply) => {
      const outcome = await ctx.pipeline.submit([request.body], ingestContext(request, "http"));
      const failure = outcome.errors[0];
      if (failure) throw errors.validation("Invalid event", failure.details);
      return reply.code(201).send(outcome.events[0]);
    },
  );

  app.post(
    "/api/v1/logs/ingest/batch",
    {
      config: { access: "ingest", answers: [201, 207] },
      schema: {
        tags,
        summary: "Ingest up to 10,000 events",
        description: `${INPUT_POLICY_NOTE} ${IDEMPOTENCY_NOTE}`,
        headers: IngestHeaders,
        body: z.object({ events: z.array(z.unknown()).min(1).max(MAX_BATCH) }),
      },
    },
    async (request, reply) => {
      const outcome = await ctx.pipeline.submit(request.body.events, ingestContext(request, "http"));
      const body = {
        created: outcome.ids.length,
        ids: outcome.ids,
        errors: outcome.errors.map(({ index, error }) => ({ index, error })),
      };
      return reply.code(!outcome.errors.length ? 201 : outcome.ids.length ? 207 : 422).send(body);
    },
  );

  app.get(
    "/api/v1/logs",
    {
      config: { access: "analyst" },
      schema: {
        tags,
        summary: "List events (filters, optional `q` in the search language)",
        querystring: EventListQuery,
      },
    },
    async (request) => {
      const { page, per_page, ...filters } = request.query;
      return listPage(ctx, eventQueryOf(filters), page, per_page);
    },
  );

  app.get(
    "/api/v1/logs/search",
    {
      config: { access: "analyst" },
      schema: {
        tags,
        summary: "Search events in the search language (docs/SEARCH.md), with the list's filters",
        querystring: SearchQuery,
      },
    },
    async (request) => {
      const { page, per_page, ...filters } = request.query;
      return listPage(ctx, eventQueryOf(filters), page, per_page);
    },
  );

  app.get(
    "/api/v1/logs/pivot",
    {
      config: { access: "analyst" },
      schema: { tags, summary: "Events sharing an IP, user or host", querystring: PivotQuery },
    },
    async (request) => {
      const field = (Object.keys(PIVOT_COLUMNS) as PivotField[]).find((f) => request.query[f])!;
      return pivotEvents(ctx.db, field, request.query[field]!);
    },
  );

  app.get(
    "/api/v1/logs/:id",
    { config: { access: "analyst" }, schema: { tags, summary: "One event", params: IdParams } },
    async (request) => {
      const event = await ctx.events.get(request.params.id);
      if (!event) throw errors.notFound("Event");
      return event;
    },
  );

  app.patch(
    "/api/v1/logs/:id/status",
    {
      config: { access: "analyst" },
      schema: { tags, summary: "Triage an event", params: IdParams, body: TriageBody },
    },
    async (request) => {
      const event = await triageEvent(ctx, request, request.params.id, request.body);
      return event;
    },
  );
}

async function listPage(ctx: AppContext, query: EventQuery, page: number, perPage: number) {
  const result = await ctx.events.list(query, (page - 1) * perPage, perPage);
  return pageOf(result.items, result.total, page, perPage, result.lowerBound);
}
