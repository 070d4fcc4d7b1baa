import { RulePackSchema, RulePackSelectionSchema, SigmaImportResultSchema } from "@vigie/contracts";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { originOf } from "../rules/audit-port.ts";
import { PlaceholdersRepository } from "../rules/placeholders.repository.ts";
import { RulesRepository } from "../rules/rules.repository.ts";
import { PipelinesRepository } from "../sigma/pipelines.repository.ts";
import { SigmaImportService } from "../sigma/sigma-import.service.ts";
import { RulePacksService } from "./rule-packs.service.ts";

const InstallResultSchema = SigmaImportResultSchema.extend({
  pack: z.string(),
  selection: RulePackSelectionSchema.omit({ dry_run: true }),
  selected: z.int().describe("how many of the pack's rules the selection matched"),
});
const ErrorBody = z.object({ error: z.string(), message: z.string() }).loose();

/** The rule packs over this node's storage: installs go through the one Sigma import. */
export function rulePacksService(ctx: Pick<AppContext, "db" | "bus" | "audit">): RulePacksService {
  const sigma = new SigmaImportService(
    ctx.db,
    ctx.bus,
    ctx.audit,
    new PipelinesRepository(ctx.db),
    new PlaceholdersRepository(ctx.db),
  );
  return new RulePacksService(new RulesRepository(ctx.db), sigma);
}

/** `/api/v1/rule-packs`: the shipped Sigma rule packs (supervisor reads) and their install (admin). */
export async function rulePacksRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = rulePacksService(ctx);
  const tags = ["rules"];

  app.get(
    "/api/v1/rule-packs",
    {
      config: { access: "supervisor" },
      schema: {
        tags,
        summary:
          "Rule packs: counts by status, level and product, and how many rules are installed and enabled",
        response: { 200: z.array(RulePackSchema) },
      },
    },
    () => service.list(),
  );

  app.post(
    "/api/v1/rule-packs/:pack/install",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Install a pack's rules by status, level and product (a Sigma import); dry_run previews",
        description:
          "Imports the matching rules enabled, in one transaction, through the Sigma import (same per-rule answer). The pack's rules no longer selected are disabled (listed in `disabled`), never deleted. `deprecated` and `unsupported` are never selectable: 422 naming the field.",
        params: z.object({ pack: z.string().max(100) }),
        body: RulePackSelectionSchema,
        response: { 200: InstallResultSchema, 422: ErrorBody },
      },
    },
    (request) => service.install(request.params.pack, request.body, originOf(request)),
  );
}
