import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { AudioSocRuleBody, AudioSocRulePatch, fromAudioSoc, toAudioSocRule } from "./audiosoc-view.ts";
import { originOf } from "./audit-port.ts";
import { parseRule } from "./rules.service.ts";

const IdParams = z.object({ id: z.string().max(64) });

/** The AudioSOC v1 API's `/api/alerts/rules`: the same rules as `/api/v1/rules`, in the AudioSOC v1 API's shape, with its 400 errors. */
export function audioSocRulesRoutes(app: App, ctx: AppContext): void {
  const tags = ["AudioSOC v1"];
  const read = { access: "analyst" as const, audioSoc: true };
  const write = { access: "supervisor" as const, audioSoc: true };

  app.get(
    "/api/alerts/rules",
    { config: read, schema: { tags, summary: "All rules (AudioSOC v1)" } },
    async () => {
      // The AudioSOC v1 client reads `{rules, total}`.
      const rules = (await ctx.rules.list()).map(toAudioSocRule);
      return { rules, total: rules.length };
    },
  );

  app.post(
    "/api/alerts/rules",
    {
      config: { ...write, answers: [201, 409] },
      schema: { tags, summary: "Create a threshold rule", body: AudioSocRuleBody },
    },
    async (request, reply) => {
      const input = parseRule({ ...fromAudioSoc(request.body), rule_type: "threshold" });
      return reply.code(201).send(toAudioSocRule(await ctx.rules.create(input, originOf(request))));
    },
  );

  app.get(
    "/api/alerts/rules/:id",
    { config: read, schema: { tags, summary: "One rule", params: IdParams } },
    async (request) => toAudioSocRule(await ctx.rules.get(request.params.id)),
  );

  app.patch(
    "/api/alerts/rules/:id",
    {
      config: { ...write, answers: [409] },
      schema: { tags, summary: "Update a rule", params: IdParams, body: AudioSocRulePatch },
    },
    async (request) => {
      const current = await ctx.rules.get(request.params.id);
      const patch = fromAudioSoc(request.body, current);
      return toAudioSocRule(await ctx.rules.update(current.id, patch, originOf(request)));
    },
  );

  app.delete(
    "/api/alerts/rules/:id",
    // 409: other rules refer to it (Sigma correlations, rule references).
    { config: { ...write, answers: [409] }, schema: { tags, summary: "Delete a rule", params: IdParams } },
    async (request) => {
      await ctx.rules.remove(request.params.id, originOf(request));
      return { deleted: true };
    },
  );

  app.post(
    "/api/alerts/rules/:id/toggle",
    { config: write, schema: { tags, summary: "Enable or disable a rule", params: IdParams } },
    async (request) => toAudioSocRule(await ctx.rules.toggle(request.params.id, originOf(request))),
  );
}
