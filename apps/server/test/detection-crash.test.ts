import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DetectionEngine } from "../src/detection/engine.ts";
import { MemoryWindowStore } from "../src/detection/state/memory-store.ts";
import { createDetection } from "../src/detection/wiring.ts";
import { prepareEvent } from "../src/ingest/prepare.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers, eventually } from "./support/detection.ts";

/**
 * Crash-safe detection (docs/adr/0005, addendum): an engine that evaluated a batch but died before
 * committing its alerts leaves the batch pending; the next engine raises those alerts, once.
 */
describe("detection across a crash between evaluation and commit", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  let live: DetectionEngine | null = null;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
  });
  afterAll(async () => {
    await live?.stop();
    await t.close();
  });

  /** A new engine on the same database and bus with an empty window store: what a restarted node runs. */
  async function startEngine(sweep?: { everyMs: number; staleAfterMs: number }) {
    await live?.stop();
    const detection = createDetection({ ...t.ctx, store: new MemoryWindowStore(), sweep });
    live = detection.engine;
    await live.start();
    return detection;
  }

  /** An engine whose process dies after evaluating: none of its commits reach the database. */
  async function startDoomedEngine() {
    const detection = await startEngine();
    detection.alerts.commitEvaluation = async () => {
      throw new Error("the process died");
    };
    return detection.engine;
  }

  const probe = (event_type: string, source_ip: string) => ({ source_type: "auth", event_type, source_ip });
  const pendingCount = async () =>
    (await t.ctx.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM detection_pending")).rows[0]!.n;

  it("raises after a restart the alerts an interrupted batch deserved, once, on the state of the committed events", async () => {
    const rule = await h.createRule({
      name: "Crash probe",
      rule_type: "threshold",
      severity: "high",
      cooldown_seconds: 0,
      conditions: {
        event_filter: { event_type: "crash_probe" },
        threshold: 3,
        window_seconds: 600,
        group_by: "source_ip",
      },
    });
    await startEngine();
    const committed = await h.ingest([probe("crash_probe", "192.0.2.1"), probe("crash_probe", "192.0.2.1")]);
    await live!.idle();

    const doomed = await startDoomedEngine();
    const interrupted = await h.ingest([
      probe("crash_probe", "192.0.2.1"),
      ...Array.from({ length: 3 }, () => probe("crash_probe", "192.0.2.2")),
    ]);
    await eventually(async () => doomed.stats.firings === 2);
    await doomed.stop();
    live = null;
    expect((await h.alerts(`?rule_id=${rule.id}`)).total).toBe(0);
    expect(await pendingCount()).toBe(4);

    const restarted = (await startEngine()).engine;
    await restarted.idle();
    expect(restarted.stats.recovered).toBe(4);
    expect(await pendingCount()).toBe(0);
    const { items } = await h.alerts(`?rule_id=${rule.id}`);
    expect(items).toHaveLength(2);
    // The first source's window held the two committed events (rebuilt without firing) and the third.
    const first = items.find((a: { group_value: string }) => a.group_value === "192.0.2.1");
    expect(first).toMatchObject({
      matched_event_count: 3,
      matched_event_ids: [...committed, interrupted[0]],
    });
    expect((await h.getRule(rule.id)).trigger_count).toBe(2);

    // A further restart finds nothing pending and raises nothing again.
    const again = (await startEngine()).engine;
    await again.idle();
    expect(again.stats.recovered).toBe(0);
    expect((await h.alerts(`?rule_id=${rule.id}`)).total).toBe(2);
  });

  it("raises once when two engines evaluate the same pending events", async () => {
    const rule = await h.createRule({
      name: "Twice evaluated",
      rule_type: "threshold",
      severity: "low",
      cooldown_seconds: 0,
      conditions: { event_filter: { event_type: "twice_probe" }, threshold: 1, window_seconds: 60 },
    });
    const doomed = await startDoomedEngine();
    await h.ingest([probe("twice_probe", "192.0.2.3"), probe("twice_probe", "192.0.2.4")]);
    await doomed.stop();
    live = null;
    // Two nodes that rebuilt their own state both find the events pending and both fire on them.
    const [a, b] = [1, 2].map(() => createDetection({ ...t.ctx, store: new MemoryWindowStore() }).engine);
    await Promise.all([a!.start(), b!.start()]);
    await Promise.all([a!.stop(), b!.stop()]);
    // Usually both evaluate both events (4 firings); on a fast store one may commit before the other reads
    // what is pending (2). Either way the database lets one alert through, with each event counted once.
    expect(a!.stats.firings + b!.stats.firings).toBeGreaterThanOrEqual(2);
    const { items } = await h.alerts(`?rule_id=${rule.id}`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ occurrences: 2 });
  });

  it("evaluates, with firing, events whose bus message never came", async () => {
    const rule = await h.createRule({
      name: "Lost message",
      rule_type: "threshold",
      severity: "low",
      conditions: { event_filter: { event_type: "lost_probe" }, threshold: 1, window_seconds: 60 },
    });
    const engine = (await startEngine({ everyMs: 50, staleAfterMs: 100 })).engine;
    // Stored, never published: what a node dying between its commit and its publish leaves.
    const prepared = prepareEvent(probe("lost_probe", "192.0.2.5"), { receiver: "test" }, new Date());
    if (!prepared.ok) throw new Error(prepared.error);
    await t.ctx.writer.write([prepared.row]);
    await eventually(async () => (await h.alerts(`?rule_id=${rule.id}`)).total === 1);
    expect(engine.stats.recovered).toBe(1);
    expect(await pendingCount()).toBe(0);
  });
});
