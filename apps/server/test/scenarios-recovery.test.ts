import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewRun } from "../src/modules/scenarios/runs.repository.ts";
import { RUN_LEASE_MS } from "../src/modules/scenarios/scenarios.service.ts";
import { ManualClock } from "../src/platform/clock.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { controllableScenarios } from "./support/scenarios.ts";

const RUN: NewRun = {
  filename: "steady-beat.yml",
  name: "Steady beat",
  speed: 1,
  siteId: "AUDIO_003",
  eventCount: 15,
  startedBy: null,
};

describe("runs left active by a crash", () => {
  const clock = new ManualClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
  });
  afterAll(() => t.close());

  it("are marked stopped when a single node starts; finished runs are left alone", async () => {
    const { service } = controllableScenarios(t, clock);
    const running = await service.runs.insert(RUN, clock.now());
    const paused = await service.runs.insert(RUN, clock.now());
    await service.runs.updateActive(paused.id, { status: "paused" }, clock.now());
    const completed = await service.runs.insert(RUN, clock.now());
    await service.runs.updateActive(completed.id, { status: "completed" }, clock.now());

    await service.start();
    for (const run of [running, paused]) {
      expect(await service.runs.get(run.id)).toMatchObject({
        status: "stopped",
        error: "Vigie stopped while the run was active",
      });
    }
    expect((await service.runs.get(completed.id))?.status).toBe("completed");
    expect(await service.runs.listActive()).toEqual([]);
    await service.stop();
  });

  it("on several nodes, only once their node has stopped touching them for the lease", async () => {
    const { service } = controllableScenarios(t, clock, { redis: true });
    const abandoned = await service.runs.insert(RUN, clock.now());
    clock.advance(RUN_LEASE_MS + 1_000);
    const alive = await service.runs.insert(RUN, clock.now());

    await service.start();
    expect((await service.runs.get(abandoned.id))?.status).toBe("stopped");
    expect((await service.runs.get(alive.id))?.status).toBe("running");
    await service.stop();
  });
});
