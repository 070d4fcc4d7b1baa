import { Readable } from "node:stream";
import { z } from "zod";
import type { AppContext } from "../../../container.ts";
import type { App } from "../../../http/app.ts";
import { requestActor } from "../../audit/audit.service.ts";
import { EventFiltersQuery, eventQueryOf } from "../list-params.ts";
import { exportSize, exportText, MAX_EXPORT_ROWS } from "./export-events.ts";
import { EXPORT_FORMATS } from "./formats.ts";

const ExportQuery = EventFiltersQuery.extend({
  format: z.enum(["csv", "json", "ndjson"]).default("csv"),
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT_ROWS).default(MAX_EXPORT_ROWS),
});

/** `GET /api/v1/logs/export`: the current search as CSV, JSON or NDJSON, streamed, audited (supervisor+). */
export function exportRoutes(app: App, ctx: AppContext): void {
  app.get(
    "/api/v1/logs/export",
    {
      config: { access: "supervisor" },
      schema: {
        tags: ["logs"],
        summary: "Export the events of a search (CSV, JSON, NDJSON; up to 1,000,000, newest first)",
        description:
          "Same filters and `q` as `GET /logs`. `X-Vigie-Export-Rows` gives the rows written; past `limit`, " +
          "`X-Vigie-Export-Truncated: true` and the file's last line say so. CSV cells that a spreadsheet " +
          "would run as a formula start with a quote.",
        querystring: ExportQuery,
        produces: ["text/csv", "application/json", "application/x-ndjson"],
      },
    },
    async (request, reply) => {
      const { format: name, limit, ...filters } = request.query;
      const query = eventQueryOf(filters);
      const format = EXPORT_FORMATS[name];
      const size = await exportSize(ctx.db, query, limit);
      await ctx.audit.record({
        ...requestActor(request),
        action: "events.exported",
        target_type: "event",
        details: { format: name, filters, rows: size.rows, truncated: size.truncated },
      });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      return reply
        .header("Content-Type", format.contentType)
        .header("Content-Disposition", `attachment; filename="vigie-events-${stamp}.${format.extension}"`)
        .header("X-Vigie-Export-Rows", String(size.rows))
        .header("X-Vigie-Export-Truncated", String(size.truncated))
        .send(Readable.from(exportText(ctx.db, query, format, limit, size.truncated)));
    },
  );
}
