import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { pageOf } from "../../http/pagination.ts";
import { originOf } from "../rules/audit-port.ts";
import {
  AlertGroupsQuery,
  AlertListQuery,
  AssigneeBody,
  alertFilterOf,
  BulkBody,
  IdParams,
  NoteBody,
  StatusBody,
} from "./alert-params.ts";

/**
 * `/api/v1/alerts`: list (filters, sort), groups, one alert with its rule, timeline, deliveries and events,
 * related alerts, and triage (status, assignee, notes) of one alert or many (docs/ALERTS.md).
 */
export function alertsRoutes(app: App, ctx: AppContext): void {
  const tags = ["alerts"];
  const access = { access: "analyst" as const };

  app.get(
    "/api/v1/alerts",
    {
      config: access,
      schema: { tags, summary: "Alerts, newest first unless sorted", querystring: AlertListQuery },
    },
    async (request) => {
      const { page, per_page, sort, order, ...params } = request.query;
      const filter = alertFilterOf(params, request.user?.id);
      const { items, total } = await ctx.alerts.list(filter, {
        offset: (page - 1) * per_page,
        limit: per_page,
        sort,
        order,
      });
      return pageOf(items, total, page, per_page);
    },
  );

  app.get(
    "/api/v1/alerts/groups",
    {
      config: access,
      schema: {
        tags,
        summary: "Alerts counted per rule or per rule and group",
        querystring: AlertGroupsQuery,
      },
    },
    async (request) => {
      const { page, per_page, by, ...params } = request.query;
      const filter = alertFilterOf(params, request.user?.id);
      const { items, total } = await ctx.alerts.groups(filter, by, {
        offset: (page - 1) * per_page,
        limit: per_page,
      });
      return pageOf(items, total, page, per_page);
    },
  );

  app.get(
    "/api/v1/alerts/assignees",
    { config: access, schema: { tags, summary: "The active users an alert can be assigned to" } },
    () => ctx.alertTriage.assignees(),
  );

  app.post(
    "/api/v1/alerts/bulk",
    {
      config: { ...access, answers: [200, 207] },
      schema: {
        tags,
        summary: "One change (status, notes, assignee) for up to 500 alerts, with the outcome of each",
        body: BulkBody,
      },
    },
    async (request, reply) => {
      const { ids, ...change } = request.body;
      const results = await ctx.alertTriage.bulk(ids, change, originOf(request));
      const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
      const body = {
        updated: count("updated"),
        unchanged: count("unchanged"),
        failed: count("failed"),
        results,
      };
      return reply.code(body.failed ? 207 : 200).send(body);
    },
  );

  app.get(
    "/api/v1/alerts/:id",
    { config: access, schema: { tags, summary: "One alert", params: IdParams } },
    (request) => ctx.alerts.detail(request.params.id),
  );

  app.get(
    "/api/v1/alerts/:id/related",
    {
      config: access,
      schema: { tags, summary: "Alerts sharing a host, address or user with this one", params: IdParams },
    },
    (request) => ctx.alerts.related(request.params.id),
  );

  app.patch(
    "/api/v1/alerts/:id/status",
    {
      config: { ...access, answers: [409] },
      schema: { tags, summary: "Change an alert's status", params: IdParams, body: StatusBody },
    },
    (request) => ctx.alertTriage.apply(request.params.id, request.body, originOf(request)),
  );

  app.patch(
    "/api/v1/alerts/:id/assignee",
    {
      config: access,
      schema: {
        tags,
        summary: "Assign an alert to a user (null: unassign)",
        params: IdParams,
        body: AssigneeBody,
      },
    },
    (request) => ctx.alertTriage.apply(request.params.id, request.body, originOf(request)),
  );

  app.post(
    "/api/v1/alerts/:id/notes",
    {
      config: { ...access, answers: [201] },
      schema: { tags, summary: "Add a note to an alert's timeline", params: IdParams, body: NoteBody },
    },
    async (request, reply) =>
      reply.code(201).send(await ctx.alertTriage.apply(request.params.id, request.body, originOf(request))),
  );
}
