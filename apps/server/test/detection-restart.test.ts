import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryWindowStore } from "../src/detection/state/memory-store.ts";
import { createDetection } from "../src/detection/wiring.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

describe("detection state across a restart", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
    await t.ctx.engine.start();
  });
  afterAll(() => t.close());

  /** A new engine on the same database and bus, with an empty window store: what a restarted node has. */
  async function restart() {
    await t.ctx.engine.stop();
    const { ctx } = t;
    const fresh = createDetection({ ...ctx, store: new MemoryWindowStore() });
    await fresh.engine.start();
    return fresh.engine;
  }

  it("keeps open windows and cooldowns: the restarted engine completes and suppresses as the old one would", async () => {
    const windowed = await h.createRule({
      name: "Windowed rule",
      rule_type: "threshold",
      severity: "high",
      conditions: {
        event_filter: { event_type: "restart_probe" },
        threshold: 3,
        window_seconds: 600,
        group_by: "source_ip",
      },
    });
    const sequence = await h.createRule({
      name: "Sequence across restart",
      rule_type: "sequence",
      severity: "high",
      conditions: {
        steps: [
          { event_filter: { event_type: "seq_fail" }, count: 2 },
          { event_filter: { event_type: "seq_success" } },
        ],
        window_seconds: 600,
        group_by: "source_ip",
      },
    });
    const cooled = await h.createRule({
      name: "Cooled rule",
      rule_type: "threshold",
      severity: "low",
      cooldown_seconds: 3600,
      conditions: {
        event_filter: { event_type: "cool_probe" },
        threshold: 1,
        window_seconds: 60,
        group_by: "source_ip",
      },
    });
    const probe = (event_type: string) => ({ source_type: "auth", event_type, source_ip: "192.0.2.50" });
    const before = await h.ingest([
      probe("restart_probe"),
      probe("restart_probe"),
      probe("seq_fail"),
      probe("seq_fail"),
      probe("cool_probe"),
    ]);
    await h.settle();
    const cooledAlert = (await h.alerts(`?rule_id=${cooled.id}`)).items[0];
    expect(cooledAlert).toBeDefined();
    const resolve = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/alerts/${cooledAlert.id}/status`,
      headers: await t.as("analyst"),
      payload: { status: "resolved" },
    });
    expect(resolve.statusCode).toBe(200);

    const engine = await restart();
    expect(engine.stats.replayed).toBeGreaterThanOrEqual(5);
    const after = await h.ingest([probe("restart_probe"), probe("seq_success"), probe("cool_probe")]);
    await engine.idle();

    const [alert] = (await h.alerts(`?rule_id=${windowed.id}`)).items;
    expect(alert).toMatchObject({
      matched_event_count: 3,
      matched_event_ids: [...before.slice(0, 2), after[0]],
    });
    expect((await h.alerts(`?rule_id=${sequence.id}`)).items[0]).toMatchObject({ matched_event_count: 3 });
    // Still cooling down: the resolved alert is not followed by a new one.
    expect((await h.alerts(`?rule_id=${cooled.id}`)).total).toBe(1);
    expect((await h.getRule(cooled.id)).trigger_count).toBe(1);
    // The firings replayed at start raised nothing again.
    expect((await h.getRule(windowed.id)).trigger_count).toBe(1);
    await engine.stop();
  });
});
