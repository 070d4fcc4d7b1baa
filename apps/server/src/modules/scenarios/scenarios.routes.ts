import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { requestActor } from "../audit/audit.service.ts";

const Speed = z.number().min(0.1).max(10);
const StartBody = z.object({
  // Any string: names outside the catalogue are answered 404, not 422 (CONTRACT §4.1).
  filename: z.string(),
  speed: Speed.default(1),
  site_id: z.string().min(1).max(64).optional(),
});
const RunParams = z.object({ run_id: z.string().max(64) });
const ACTIONS = { stop: "Stop a run", pause: "Pause a run", resume: "Resume a paused run" } as const;

/** `/api/v1/scenarios`: the playbook catalogue, runs, and their controls (any node; the bus reaches the runner). */
export function scenariosRoutes(app: App, ctx: AppContext): void {
  const tags = ["scenarios"];
  const supervisor = { access: "supervisor" } as const;

  app.get(
    "/api/v1/scenarios/available",
    { config: { access: "analyst" }, schema: { tags, summary: "Playbook catalogue" } },
    () => ctx.scenarios.available(),
  );

  app.get(
    "/api/v1/scenarios/running",
    { config: { access: "analyst" }, schema: { tags, summary: "Runs running or paused" } },
    () => ctx.scenarios.runs.listActive(),
  );

  app.post(
    "/api/v1/scenarios/start",
    {
      config: { ...supervisor, answers: [201, 404] },
      schema: { tags, summary: "Start a playbook", body: StartBody },
    },
    async (request, reply) =>
      reply.code(201).send(await ctx.scenarios.startRun(request.body, requestActor(request))),
  );

  for (const [action, summary] of Object.entries(ACTIONS) as [keyof typeof ACTIONS, string][]) {
    app.post(
      `/api/v1/scenarios/:run_id/${action}`,
      { config: { ...supervisor, answers: [409] }, schema: { tags, summary, params: RunParams } },
      (request) => ctx.scenarios.control(request.params.run_id, { action }, requestActor(request)),
    );
  }

  app.put(
    "/api/v1/scenarios/:run_id/speed",
    {
      config: { ...supervisor, answers: [409] },
      schema: {
        tags,
        summary: "Change a run's speed (also the wait in progress)",
        params: RunParams,
        body: z.object({ speed: Speed }),
      },
    },
    (request) =>
      ctx.scenarios.control(
        request.params.run_id,
        { action: "speed", speed: request.body.speed },
        requestActor(request),
      ),
  );
}
