import { MAX_CONDITION_TEXT, MAX_CONDITION_VALUES } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { originOf } from "./audit-port.ts";

const NameParams = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, "must be 1 to 100 letters, digits, '_', '.' or '-'"),
});
const ValuesBody = z.strictObject({
  values: z.array(z.string().min(1).max(MAX_CONDITION_TEXT)).min(1).max(MAX_CONDITION_VALUES),
});

/**
 * `/api/v1/admin/placeholders`: the value lists `expand` tests stand for (`%admin_hosts%` → the clinic's
 * admin workstations). Read: supervisor (rule authors); write: admin. A change reloads every rule.
 */
export function placeholdersRoutes(app: App, ctx: AppContext): void {
  const tags = ["rules"];
  const read = { access: "supervisor" as const };
  const write = { access: "admin" as const };

  app.get(
    "/api/v1/admin/placeholders",
    { config: read, schema: { tags, summary: "Rule placeholders" } },
    () => ctx.rules.listPlaceholders(),
  );

  app.put(
    "/api/v1/admin/placeholders/:name",
    {
      config: write,
      schema: { tags, summary: "Set a placeholder's values", params: NameParams, body: ValuesBody },
    },
    (request) => ctx.rules.setPlaceholder(request.params.name, request.body.values, originOf(request)),
  );

  app.delete(
    "/api/v1/admin/placeholders/:name",
    { config: write, schema: { tags, summary: "Delete a placeholder", params: NameParams } },
    async (request) => {
      await ctx.rules.deletePlaceholder(request.params.name, originOf(request));
      return { deleted: true };
    },
  );
}
