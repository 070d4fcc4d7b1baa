import {
  CaseAlertsSchema,
  CaseCreateSchema,
  CaseEventsSchema,
  CaseNoteSchema,
  CaseObservableSchema,
  CaseTaskSchema,
  CaseTaskUpdateSchema,
  CaseUpdateSchema,
} from "@vigie/contracts";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { pageOf } from "../../http/pagination.ts";
import { originOf } from "../rules/audit-port.ts";
import {
  CaseAlertParams,
  CaseEventParams,
  CaseListQuery,
  CaseObservableParams,
  CaseParams,
  CaseTaskParams,
  caseFilterOf,
} from "./case-params.ts";
import { caseReport, REPORT_POLICY } from "./case-report.ts";

/**
 * `/api/v1/cases` (docs/CASES.md): every signed-in user (analysts included) reads, creates and works cases,
 * as they triage alerts; every change is audited and published.
 */
export function casesRoutes(app: App, ctx: AppContext): void {
  const tags = ["cases"];
  const access = { access: "analyst" as const };
  const created = { access: "analyst" as const, answers: [201] };
  const { cases, caseItems } = ctx;

  app.get(
    "/api/v1/cases",
    {
      config: access,
      schema: { tags, summary: "Cases, most recently changed first", querystring: CaseListQuery },
    },
    async (request) => {
      const { page, per_page } = request.query;
      const filter = caseFilterOf(request.query, request.user?.id);
      const { items, total } = await cases.list(filter, (page - 1) * per_page, per_page);
      return pageOf(items, total, page, per_page);
    },
  );

  app.post(
    "/api/v1/cases",
    {
      config: created,
      schema: { tags, summary: "Open a case, from alerts or by hand", body: CaseCreateSchema },
    },
    async (request, reply) => reply.code(201).send(await cases.create(request.body, originOf(request))),
  );

  app.get(
    "/api/v1/cases/:id",
    { config: access, schema: { tags, summary: "One case with its timeline", params: CaseParams } },
    (request) => cases.get(request.params.id),
  );

  app.get(
    "/api/v1/cases/:id/report",
    {
      config: access,
      schema: {
        tags,
        summary: "A printable HTML report of a case",
        params: CaseParams,
        produces: ["text/html"],
      },
    },
    async (request, reply) => {
      const reader = request.user ? await ctx.users.findById(request.user.id) : null;
      const html = caseReport(
        await cases.get(request.params.id),
        ctx.clock.now(),
        reader && { username: reader.username, timeZone: reader.timeZone },
      );
      return reply
        .type("text/html; charset=utf-8")
        .header("content-security-policy", REPORT_POLICY)
        .header("cache-control", "no-store")
        .send(html);
    },
  );

  app.patch(
    "/api/v1/cases/:id",
    {
      config: access,
      schema: {
        tags,
        summary: "Change a case's title, description, severity, status, assignee or closing reason",
        params: CaseParams,
        body: CaseUpdateSchema,
      },
    },
    (request) => cases.update(request.params.id, request.body, originOf(request)),
  );

  app.post(
    "/api/v1/cases/:id/alerts",
    {
      config: created,
      schema: { tags, summary: "Link alerts to a case", params: CaseParams, body: CaseAlertsSchema },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await caseItems.addAlerts(request.params.id, request.body.alert_ids, originOf(request))),
  );

  app.delete(
    "/api/v1/cases/:id/alerts/:alert_id",
    { config: access, schema: { tags, summary: "Unlink an alert from a case", params: CaseAlertParams } },
    (request) => caseItems.removeAlert(request.params.id, request.params.alert_id, originOf(request)),
  );

  app.post(
    "/api/v1/cases/:id/events",
    {
      config: created,
      schema: { tags, summary: "Pin events to a case", params: CaseParams, body: CaseEventsSchema },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await caseItems.pinEvents(request.params.id, request.body.event_ids, originOf(request))),
  );

  app.delete(
    "/api/v1/cases/:id/events/:event_id",
    { config: access, schema: { tags, summary: "Unpin an event", params: CaseEventParams } },
    (request) => caseItems.unpinEvent(request.params.id, request.params.event_id, originOf(request)),
  );

  app.post(
    "/api/v1/cases/:id/notes",
    {
      config: created,
      schema: { tags, summary: "Add a note to a case's timeline", params: CaseParams, body: CaseNoteSchema },
    },
    async (request, reply) =>
      reply.code(201).send(await caseItems.addNote(request.params.id, request.body.body, originOf(request))),
  );

  app.post(
    "/api/v1/cases/:id/tasks",
    {
      config: created,
      schema: { tags, summary: "Add a task to a case's checklist", params: CaseParams, body: CaseTaskSchema },
    },
    async (request, reply) =>
      reply.code(201).send(await caseItems.addTask(request.params.id, request.body.title, originOf(request))),
  );

  app.patch(
    "/api/v1/cases/:id/tasks/:task_id",
    {
      config: access,
      schema: { tags, summary: "Tick or untick a task", params: CaseTaskParams, body: CaseTaskUpdateSchema },
    },
    (request) =>
      caseItems.setTask(request.params.id, request.params.task_id, request.body.done, originOf(request)),
  );

  app.delete(
    "/api/v1/cases/:id/tasks/:task_id",
    { config: access, schema: { tags, summary: "Delete a task", params: CaseTaskParams } },
    (request) => caseItems.deleteTask(request.params.id, request.params.task_id, originOf(request)),
  );

  app.post(
    "/api/v1/cases/:id/observables",
    {
      config: { ...created, answers: [201, 409] },
      schema: {
        tags,
        summary: "Add an observable to a case",
        params: CaseParams,
        body: CaseObservableSchema,
      },
    },
    async (request, reply) => {
      const { kind, value } = request.body;
      return reply
        .code(201)
        .send(await caseItems.addObservable(request.params.id, kind, value, originOf(request)));
    },
  );

  app.delete(
    "/api/v1/cases/:id/observables/:observable_id",
    { config: access, schema: { tags, summary: "Delete an observable", params: CaseObservableParams } },
    (request) =>
      caseItems.deleteObservable(request.params.id, request.params.observable_id, originOf(request)),
  );
}
