import { RuleCreateSchema, RuleUpdateSchema } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { originOf } from "./audit-port.ts";
import { testRule } from "./rule-test.ts";

const IdParams = z.object({ id: z.string().max(64) });
// No body at all means the default 24 hours, exceptions applied; `exceptions: false` shows what they hide.
const TestBody = z
  .object({ hours: z.int().min(1).max(72).default(24), exceptions: z.boolean().default(true) })
  .nullish();

/** `/api/v1/rules`: CRUD (read: any user, write: supervisor) and the backtest. */
export function rulesRoutes(app: App, ctx: AppContext): void {
  const tags = ["rules"];
  const read = { access: "analyst" as const };
  const write = { access: "supervisor" as const };

  app.get("/api/v1/rules", { config: read, schema: { tags, summary: "All rules" } }, () => ctx.rules.list());

  app.post(
    "/api/v1/rules",
    {
      config: { ...write, answers: [201, 409] },
      schema: { tags, summary: "Create a rule", body: RuleCreateSchema },
    },
    async (request, reply) => reply.code(201).send(await ctx.rules.create(request.body, originOf(request))),
  );

  app.get(
    "/api/v1/rules/:id",
    { config: read, schema: { tags, summary: "One rule", params: IdParams } },
    (request) => ctx.rules.get(request.params.id),
  );

  app.patch(
    "/api/v1/rules/:id",
    {
      config: { ...write, answers: [409] },
      schema: { tags, summary: "Update a rule", params: IdParams, body: RuleUpdateSchema },
    },
    (request) => ctx.rules.update(request.params.id, request.body, originOf(request)),
  );

  app.delete(
    "/api/v1/rules/:id",
    {
      // 409: other rules refer to it (Sigma correlations, rule references).
      config: { ...write, answers: [409] },
      schema: { tags, summary: "Delete a rule", params: IdParams },
    },
    async (request) => {
      await ctx.rules.remove(request.params.id, originOf(request));
      return { deleted: true };
    },
  );

  app.post(
    "/api/v1/rules/:id/test",
    {
      config: read,
      schema: { tags, summary: "Replay stored events through a rule", params: IdParams, body: TestBody },
    },
    async (request) => {
      const exceptions = request.body?.exceptions ?? true;
      const rule = await ctx.rules.expanded(await ctx.rules.get(request.params.id), { exceptions });
      return { ...(await testRule(ctx.db, ctx.clock, rule, request.body?.hours ?? 24)), exceptions };
    },
  );
}
