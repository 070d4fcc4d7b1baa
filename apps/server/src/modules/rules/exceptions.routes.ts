import { RuleExceptionCreateSchema, RuleExceptionUpdateSchema } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { originOf } from "./audit-port.ts";

const RuleParams = z.object({ id: z.string().max(64) });
const ExceptionParams = z.object({ id: z.string().max(64), exception_id: z.string().max(64) });

/**
 * `/api/v1/rules/:id/exceptions`: a rule's allow-list conditions (docs/RULES.md "Exceptions"). Read: any
 * user; write: supervisor. Each write is audited and the engine applies it at once.
 */
export function ruleExceptionsRoutes(app: App, ctx: AppContext): void {
  const tags = ["rules"];
  const read = { access: "analyst" as const };
  const write = { access: "supervisor" as const };

  app.get(
    "/api/v1/rules/:id/exceptions",
    { config: read, schema: { tags, summary: "A rule's exceptions", params: RuleParams } },
    (request) => ctx.ruleExceptions.list(request.params.id),
  );

  app.post(
    "/api/v1/rules/:id/exceptions",
    {
      config: { ...write, answers: [201] },
      schema: {
        tags,
        summary: "Add an exception to a rule (a condition, or from an alert and fields)",
        params: RuleParams,
        body: RuleExceptionCreateSchema,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await ctx.ruleExceptions.create(request.params.id, request.body, originOf(request))),
  );

  app.patch(
    "/api/v1/rules/:id/exceptions/:exception_id",
    {
      config: write,
      schema: {
        tags,
        summary: "Change an exception",
        params: ExceptionParams,
        body: RuleExceptionUpdateSchema,
      },
    },
    (request) =>
      ctx.ruleExceptions.update(
        request.params.id,
        request.params.exception_id,
        request.body,
        originOf(request),
      ),
  );

  app.delete(
    "/api/v1/rules/:id/exceptions/:exception_id",
    { config: write, schema: { tags, summary: "Delete an exception", params: ExceptionParams } },
    async (request) => {
      await ctx.ruleExceptions.remove(request.params.id, request.params.exception_id, originOf(request));
      return { deleted: true };
    },
  );
}
