import { ALERT_STATUSES, SEVERITIES } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { PageQuery, pageOf } from "../../http/pagination.ts";
import { originOf } from "../rules/audit-port.ts";

const ListQuery = PageQuery.extend({
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  rule_id: z.string().min(1).max(64).optional(),
  site_id: z.string().min(1).max(255).optional(),
});
const IdParams = z.object({ id: z.string().max(64) });
const StatusBody = z.object({
  status: z.enum(ALERT_STATUSES),
  notes: z.string().trim().min(1).max(5000).optional(),
});

/** `/api/v1/alerts`: list, one alert with its events, history and deliveries, status changes. */
export function alertsRoutes(app: App, ctx: AppContext): void {
  const tags = ["alerts"];
  const access = { access: "analyst" as const };

  app.get(
    "/api/v1/alerts",
    { config: access, schema: { tags, summary: "Alerts, newest first", querystring: ListQuery } },
    async (request) => {
      const { page, per_page, ...filter } = request.query;
      const { items, total } = await ctx.alerts.list(filter, (page - 1) * per_page, per_page);
      return pageOf(items, total, page, per_page);
    },
  );

  app.get(
    "/api/v1/alerts/:id",
    { config: access, schema: { tags, summary: "One alert", params: IdParams } },
    (request) => ctx.alerts.detail(request.params.id),
  );

  app.patch(
    "/api/v1/alerts/:id/status",
    {
      config: { ...access, answers: [409] },
      schema: { tags, summary: "Change an alert's status", params: IdParams, body: StatusBody },
    },
    (request) => ctx.alerts.changeStatus(request.params.id, request.body, originOf(request)),
  );
}
