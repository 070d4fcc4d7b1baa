import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIOS_DIR, type ScenarioService } from "../src/modules/scenarios/scenarios.service.ts";
import type { ManualScheduler } from "../src/modules/scenarios/scheduler.ts";
import { ManualClock } from "../src/platform/clock.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { controllableScenarios, playToEnd } from "./support/scenarios.ts";

/** The default rules each playbook trips (as in src/modules/scenarios/playbook-detection.test.ts, here through the live engine). */
const EXPECTED: Record<string, string[]> = {
  "ssh-brute-force-lateral-movement.yml": [
    "Brute Force Then Success",
    "Host Sweep",
    "Lateral Movement",
    "Multiple Failed Logins",
    "Port Scan Detected",
    "SSH Brute Force",
  ],
  "dns-tunnel-exfiltration.yml": ["DNS Tunneling Suspected", "Data Exfiltration"],
  "phishing-c2-beaconing.yml": ["C2 Beaconing", "Malware Detected", "Persistence Mechanism Installed"],
  "privilege-escalation-persistence.yml": [
    "Persistence Mechanism Installed",
    "Privilege Escalation",
    "Web Exploitation Attempt",
  ],
};

describe("the default rule pack detects each scenario played at speed 10 through the real pipeline", () => {
  const clock = new ManualClock();
  let t: TestApp;
  let service: ScenarioService;
  let scheduler: ManualScheduler;
  // Jitter at both extremes in turn: the shortest and the longest delays the runner can produce.
  let turn = 0;
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await t.ctx.engine.start();
    ({ service, scheduler } = controllableScenarios(t, clock, {
      dir: DEFAULT_SCENARIOS_DIR,
      jitter: () => (turn++ % 2 ? 0.999_999 : 0),
    }));
  });
  afterAll(async () => {
    await service.stop();
    await t.close();
  });

  it.each(Object.entries(EXPECTED))("%s", async (filename, expected) => {
    // Each playback starts well after the previous one's windows and cooldowns.
    clock.advance(3_600_000);
    const run = await service.startRun({ filename, speed: 10 }, { actor: null });
    await playToEnd(service, scheduler, run.id);
    expect(await service.runs.get(run.id)).toMatchObject({
      status: "completed",
      events_generated: run.event_count,
    });
    await t.ctx.engine.idle();

    const analyst = await t.as("analyst");
    const events = (
      await t.app.inject({ url: `/api/v1/logs?scenario_run_id=${run.id}&per_page=200`, headers: analyst })
    ).json();
    expect(events.total).toBe(run.event_count);
    const runEvents = new Set(events.items.map((event: { id: string }) => event.id));
    const alerts = (await t.app.inject({ url: "/api/v1/alerts?per_page=200", headers: analyst })).json()
      .items;
    const fired = alerts
      .filter((alert: { matched_event_ids: string[] }) =>
        alert.matched_event_ids.some((id) => runEvents.has(id)),
      )
      .map((alert: { rule_name: string }) => alert.rule_name);
    expect([...new Set(fired)].sort()).toEqual(expected);
  });
});
