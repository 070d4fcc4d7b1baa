import type { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { AlertFilterQuery } from "../alerts/alert-params.ts";
import { requestActor } from "../audit/audit.service.ts";
import type { AttackPeriod } from "./attack.service.ts";

/** The period of the alerts counted: the alert list's own `from` / `to` (activity overlapping them). */
const PeriodQuery = AlertFilterQuery.pick({ from: true, to: true });

/** The period of a request; 422 when it ends before it starts. */
function periodOf(query: z.output<typeof PeriodQuery>): AttackPeriod {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from > to)
    throw errors.validation("The period ends before it starts", [
      { field: "to", message: "Give a time after `from`", type: "too_small" },
    ]);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** `/api/v1/attack`: MITRE ATT&CK coverage by the rules, and its export as a Navigator layer (analyst+). */
export function attackRoutes(app: App, ctx: AppContext): void {
  const tags = ["attack"];

  app.get(
    "/api/v1/attack/coverage",
    {
      config: { access: "analyst" },
      schema: {
        tags,
        summary: "ATT&CK Enterprise matrix: rules covering each technique, alerts in a period",
        description:
          "Tactics in matrix order, their techniques (sub-techniques folded under their parent: a rule tagged " +
          "T1059.001 covers it and counts for T1059), the enabled rules of each, the disabled ones counted, and " +
          "the alerts of those rules whose activity overlaps `from`–`to` (both optional, as on `GET /alerts`). " +
          "`attack.copyright` is MITRE's copyright line, to show with the data.",
        querystring: PeriodQuery,
      },
    },
    (request) => ctx.attack.coverage(periodOf(request.query)),
  );

  app.get(
    "/api/v1/attack/layer",
    {
      config: { access: "analyst" },
      schema: {
        tags,
        summary: "The coverage as an ATT&CK Navigator layer (layer format 4.5), as a download (audited)",
        description: "Same `from` / `to` as the coverage. The score of a technique is its enabled rules.",
        querystring: PeriodQuery,
      },
    },
    async (request, reply) => {
      const period = periodOf(request.query);
      const layer = await ctx.attack.layer(period);
      await ctx.audit.record({
        ...requestActor(request),
        action: "attack.layer_exported",
        target_type: "attack",
        details: { from: request.query.from ?? null, to: request.query.to ?? null },
      });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      return reply
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Content-Disposition", `attachment; filename="vigie-attack-layer-${stamp}.json"`)
        .send(JSON.stringify(layer, null, 2));
    },
  );
}
