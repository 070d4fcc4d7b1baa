import { fileURLToPath } from "node:url";
import type { IngestSink } from "../../src/ingest/sink.ts";
import { ScenarioService } from "../../src/modules/scenarios/scenarios.service.ts";
import { ManualScheduler } from "../../src/modules/scenarios/scheduler.ts";
import type { ManualClock } from "../../src/platform/clock.ts";
import type { TestApp } from "./app.ts";

/** The test playbooks (`steady-beat.yml`: 15 steps, 10 s apart). */
export const FIXTURE_SCENARIOS = fileURLToPath(new URL("../fixtures/scenarios", import.meta.url));

/** A scenario service on the test app's database and bus, driven by a hand-moved scheduler and jitter source. */
export function controllableScenarios(
  t: TestApp,
  clock: ManualClock,
  options: { dir?: string; jitter?: () => number; sink?: IngestSink; redis?: boolean } = {},
) {
  const scheduler = new ManualScheduler(clock);
  const service = new ScenarioService({
    config: {
      VIGIE_SCENARIOS_DIR: options.dir ?? FIXTURE_SCENARIOS,
      REDIS_URL: options.redis ? "redis://unused:6379" : undefined,
    },
    db: t.ctx.db,
    bus: t.ctx.bus,
    clock,
    logger: t.ctx.logger,
    audit: t.ctx.audit,
    sink: options.sink ?? t.ctx.pipeline,
    scheduler,
    random: options.jitter ?? (() => 0.5),
  });
  return { service, scheduler };
}

/** Moves the scheduler from wait to wait until the run's playback ends. */
export async function playToEnd(
  service: ScenarioService,
  scheduler: ManualScheduler,
  runId: string,
): Promise<void> {
  let finished = false;
  const done = service.runner.whenFinished(runId).then(() => {
    finished = true;
  });
  while (!finished) {
    await Promise.race([scheduler.whenScheduled(), done]);
    const delay = scheduler.nextDelay;
    if (delay !== null) scheduler.advance(delay);
  }
}
