import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { PageQuery, pageOf } from "../../http/pagination.ts";

const text = z.string().trim().min(1).max(200);
const AuditQuery = PageQuery.extend({
  user_id: text.optional(),
  username: text.optional(),
  action: text.optional(),
  target_type: text.optional(),
  target_id: text.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** `GET /api/v1/audit`: the audit log for admins, newest first, filterable by user and action. */
export function auditRoutes(app: App, ctx: AppContext): void {
  app.get(
    "/api/v1/audit",
    {
      config: { access: "admin" },
      schema: {
        tags: ["audit"],
        summary: "Audit log (who did what, when, from where)",
        querystring: AuditQuery,
      },
    },
    async (request) => {
      const { page, per_page, from, to, ...filter } = request.query;
      const result = await ctx.audit.list(
        { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
        (page - 1) * per_page,
        per_page,
      );
      return pageOf(result.items, result.total, page, per_page);
    },
  );
}
