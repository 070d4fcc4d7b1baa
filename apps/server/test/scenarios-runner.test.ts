import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScenarioService } from "../src/modules/scenarios/scenarios.service.ts";
import type { ManualScheduler } from "../src/modules/scenarios/scheduler.ts";
import { ManualClock } from "../src/platform/clock.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { controllableScenarios, playToEnd } from "./support/scenarios.ts";

describe("scenario runner with a controllable clock", () => {
  const clock = new ManualClock();
  let t: TestApp;
  let service: ScenarioService;
  let scheduler: ManualScheduler;
  let jitter = 0.5;
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    ({ service, scheduler } = controllableScenarios(t, clock, { jitter: () => jitter }));
    // This service plays the runs; the HTTP controls go through the app's own service and the bus, as from another node.
    await service.start();
  });
  afterAll(async () => {
    await service.stop();
    await t.close();
  });

  const start = (speed: number, site_id?: string) =>
    service.startRun({ filename: "steady-beat.yml", speed, site_id }, { actor: null });
  const control = async (runId: string, action: string, payload?: object) =>
    t.app.inject({
      method: action === "speed" ? "PUT" : "POST",
      url: `/api/v1/scenarios/${runId}/${action}`,
      headers: await t.as("supervisor"),
      payload,
    });
  const storedEvents = async (runId: string) =>
    (
      await t.app.inject({
        url: `/api/v1/logs?scenario_run_id=${runId}&per_page=200`,
        headers: await t.as("analyst"),
      })
    ).json().items;
  const stopRun = async (runId: string) => {
    expect((await control(runId, "stop")).json().status).toBe("stopped");
    await service.runner.whenFinished(runId);
  };

  it("waits delay / speed before each event, emits it with the run id and site, and counts it", async () => {
    const run = await start(2, "AUDIO_012");
    expect(run).toMatchObject({
      status: "running",
      speed: 2,
      site_id: "AUDIO_012",
      events_generated: 0,
      event_count: 15,
      name: "Steady beat",
    });
    await scheduler.whenScheduled();
    expect(scheduler.nextDelay).toBe(5_000);
    scheduler.advance(4_999);
    expect(await storedEvents(run.id)).toHaveLength(0);
    scheduler.advance(1);
    await scheduler.whenScheduled();
    const [first] = await storedEvents(run.id);
    expect(first).toMatchObject({
      scenario_run_id: run.id,
      site_id: "AUDIO_012",
      event_type: "http_request",
      message: "Beacon 1 to 198.51.100.80",
    });
    expect((await service.runs.get(run.id))?.events_generated).toBe(1);

    await playToEnd(service, scheduler, run.id);
    const done = await service.runs.get(run.id);
    expect(done).toMatchObject({ status: "completed", events_generated: 15, error: null });
    expect(done?.finished_at).toEqual(expect.any(String));
    const events = await storedEvents(run.id);
    expect(events).toHaveLength(15);
    const times = events.map((event: { timestamp: string }) => Date.parse(event.timestamp)).sort();
    expect(times.slice(1).map((time: number, i: number) => time - times[i]!)).toEqual(Array(14).fill(5_000));
    expect(new Set(events.map((event: { site_id: string }) => event.site_id))).toEqual(
      new Set(["AUDIO_012"]),
    );
  });

  it("jitters each delay by at most 20 %", async () => {
    for (const [random, low, high] of [
      [0, 8_000, 8_000],
      [0.999_999, 11_999, 12_000],
      [0.25, 9_000, 9_000],
    ] as const) {
      jitter = random;
      const run = await start(1);
      await scheduler.whenScheduled();
      expect(scheduler.nextDelay).toBeGreaterThanOrEqual(low);
      expect(scheduler.nextDelay).toBeLessThanOrEqual(high);
      await stopRun(run.id);
    }
    jitter = 0.5;
  });

  it("pauses (the run waits), resumes with the remaining delay, and stops, from the API", async () => {
    const run = await start(1);
    await scheduler.whenScheduled();
    scheduler.advance(4_000);
    expect((await control(run.id, "pause")).json()).toMatchObject({ id: run.id, status: "paused" });
    expect(scheduler.nextDelay).toBeNull();
    scheduler.advance(600_000);
    expect(await storedEvents(run.id)).toHaveLength(0);
    const running = (
      await t.app.inject({ url: "/api/v1/scenarios/running", headers: await t.as("analyst") })
    ).json();
    expect(running).toEqual([expect.objectContaining({ id: run.id, status: "paused" })]);
    expect((await control(run.id, "pause")).json().status).toBe("paused");

    expect((await control(run.id, "resume")).json().status).toBe("running");
    expect(scheduler.nextDelay).toBe(6_000);
    scheduler.advance(6_000);
    await scheduler.whenScheduled();
    expect(await storedEvents(run.id)).toHaveLength(1);

    await stopRun(run.id);
    expect(scheduler.nextDelay).toBeNull();
    expect(service.runner.liveIds).not.toContain(run.id);
    expect(await service.runs.get(run.id)).toMatchObject({ status: "stopped", events_generated: 1 });
    const again = await control(run.id, "resume");
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe("ConflictError");

    const audit = await t.ctx.audit.list({ target_id: run.id }, 0, 10);
    expect(audit.items.map((entry) => entry.action).sort()).toEqual([
      "scenario.paused",
      "scenario.resumed",
      "scenario.started",
      "scenario.stopped",
    ]);
    expect(audit.items[0]).toMatchObject({ actor: "supervisor1", target_type: "scenario_run" });
  });

  it("applies a speed change to the wait in progress and to the next ones", async () => {
    const run = await start(1);
    await scheduler.whenScheduled();
    scheduler.advance(4_000);
    const changed = await control(run.id, "speed", { speed: 4 });
    expect(changed.json()).toMatchObject({ status: "running", speed: 4 });
    expect(scheduler.nextDelay).toBe(1_500);
    for (const speed of [0.05, 11, "fast"])
      expect((await control(run.id, "speed", { speed })).statusCode).toBe(422);
    scheduler.advance(1_500);
    await scheduler.whenScheduled();
    expect(scheduler.nextDelay).toBe(2_500);
    expect((await service.runs.get(run.id))?.speed).toBe(4);
    await stopRun(run.id);
  });

  it("ends in error with the message when the pipeline fails", async () => {
    const failing = controllableScenarios(t, clock, {
      sink: { submit: () => Promise.reject(new Error("storage is down")) },
    });
    const run = await failing.service.startRun({ filename: "steady-beat.yml", speed: 10 }, { actor: null });
    await playToEnd(failing.service, failing.scheduler, run.id);
    expect(await service.runs.get(run.id)).toMatchObject({
      status: "error",
      error: "storage is down",
      events_generated: 0,
    });
  });

  it("marks its runs stopped when the node shuts down", async () => {
    const node = controllableScenarios(t, clock);
    const run = await node.service.startRun({ filename: "steady-beat.yml", speed: 1 }, { actor: null });
    await node.scheduler.whenScheduled();
    await node.service.stop();
    expect(await service.runs.get(run.id)).toMatchObject({ status: "stopped" });
    expect(node.scheduler.nextDelay).toBeNull();
  });
});
