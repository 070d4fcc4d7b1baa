import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluators } from "../src/detection/evaluators/index.ts";
import type { Detector } from "../src/detection/types.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers, eventually } from "./support/detection.ts";

const threshold = (name: string, event_type: string, count: number, extra: Record<string, unknown> = {}) => ({
  name,
  rule_type: "threshold",
  severity: "high",
  mitre_tactic: "TA0006",
  mitre_technique: "T1110",
  conditions: { event_filter: { event_type }, threshold: count, window_seconds: 60, group_by: "source_ip" },
  ...extra,
});
const event = (event_type: string, source_ip: string, extra: Record<string, unknown> = {}) => ({
  source_type: "auth",
  event_type,
  source_ip,
  site_id: "AUDIO_004",
  ...extra,
});

describe("detection end to end", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
    await t.ctx.engine.start();
  });
  afterAll(() => t.close());

  it("raises an alert within a second of ingest, with the rule's fields, and counts the trigger", async () => {
    const rule = await h.createRule(threshold("E2E brute force", "e2e_failure", 3));
    const raised: unknown[] = [];
    t.ctx.bus.subscribe("alert.raised", ({ alert }) => void raised.push(alert));
    const ids = await h.ingest([1, 2, 3].map(() => event("e2e_failure", "198.51.100.7")));
    const acknowledged = Date.now();
    const page = await eventually(async () => {
      const found = await h.alerts(`?rule_id=${rule.id}`);
      return found.total ? found : null;
    });
    expect(Date.now() - acknowledged).toBeLessThan(1_000);
    expect(page.items[0]).toMatchObject({
      rule_id: rule.id,
      rule_name: "E2E brute force",
      title: "E2E brute force [AUDIO_004 / 198.51.100.7]",
      group_value: "AUDIO_004 / 198.51.100.7",
      group_fields: { site_id: "AUDIO_004", source_ip: "198.51.100.7" },
      severity: "high",
      status: "new",
      site_id: "AUDIO_004",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110",
      matched_event_count: 3,
      matched_event_ids: ids,
      acknowledged_by: null,
      resolved_at: null,
    });
    await h.settle();
    expect(raised).toEqual([expect.objectContaining({ id: page.items[0].id })]);
    const stored = await h.getRule(rule.id);
    expect(stored.trigger_count).toBe(1);
    expect(stored.last_triggered).toEqual(expect.any(String));
  });

  it("applies rule changes at once: a new rule fires on the next batch, a disabled one does not", async () => {
    const rule = await h.createRule(threshold("Instant rule", "instant_probe", 1));
    await h.ingest([event("instant_probe", "10.20.0.1")]);
    await h.settle();
    expect((await h.alerts(`?rule_id=${rule.id}`)).total).toBe(1);

    await h.patchRule(rule.id, { enabled: false });
    await h.ingest([event("instant_probe", "10.20.0.2")]);
    await h.settle();
    expect((await h.alerts(`?rule_id=${rule.id}`)).total).toBe(1);

    await h.patchRule(rule.id, {
      enabled: true,
      conditions: { ...threshold("", "instant_probe", 2).conditions },
    });
    await h.ingest([event("instant_probe", "10.20.0.3")]);
    await h.settle();
    expect((await h.alerts(`?rule_id=${rule.id}`)).total).toBe(1);
    await h.ingest([event("instant_probe", "10.20.0.3")]);
    await h.settle();
    expect((await h.alerts(`?rule_id=${rule.id}`)).total).toBe(2);
  });

  it("merges repeated firings of a rule and group into the open alert", async () => {
    const rule = await h.createRule(threshold("Grouped rule", "grouped_probe", 1, { cooldown_seconds: 0 }));
    const updates: unknown[] = [];
    t.ctx.bus.subscribe("alert.updated", ({ alert }) => void updates.push(alert));
    const first = await h.ingest([event("grouped_probe", "10.30.0.1")]);
    await h.settle();
    const second = await h.ingest([event("grouped_probe", "10.30.0.1")]);
    await h.ingest([event("grouped_probe", "10.30.0.2")]);
    await h.settle();
    const page = await h.alerts(`?rule_id=${rule.id}`);
    expect(page.total).toBe(2);
    const merged = page.items.find(
      (alert: { group_value: string }) => alert.group_value === "AUDIO_004 / 10.30.0.1",
    );
    expect(merged).toMatchObject({
      occurrences: 2,
      matched_event_count: 2,
      matched_event_ids: [...first, ...second],
    });
    expect(updates).toEqual([expect.objectContaining({ id: merged.id, occurrences: 2 })]);
    expect((await h.getRule(rule.id)).trigger_count).toBe(3);
  });

  it("disables a rule that throws, keeps its error, and still fires the other rules", async () => {
    const original = evaluators.aggregation.compile;
    const spy = vi.spyOn(evaluators.aggregation, "compile").mockImplementation((rule) => {
      const detector = original(rule);
      const failing: Detector = {
        ...detector,
        evaluate: () => Promise.reject(new Error("evaluator exploded")),
      };
      return failing;
    });
    try {
      const broken = await h.createRule({
        name: "Exploding rule",
        rule_type: "aggregation",
        severity: "low",
        conditions: {
          event_filter: { event_type: "shared_probe" },
          aggregation_field: "dest_ip",
          threshold: 5,
          window_seconds: 60,
          group_by: "source_ip",
        },
      });
      const healthy = await h.createRule(threshold("Healthy rule", "shared_probe", 1));
      await h.ingest([event("shared_probe", "10.40.0.1")]);
      await h.settle();
      expect(await h.getRule(broken.id)).toMatchObject({ enabled: false, last_error: "evaluator exploded" });
      expect((await h.alerts(`?rule_id=${healthy.id}`)).total).toBe(1);

      await h.ingest([event("shared_probe", "10.40.0.2")]);
      await h.settle();
      expect((await h.alerts(`?rule_id=${healthy.id}`)).total).toBe(2);
      spy.mockRestore();
      const fixed = await h.patchRule(broken.id, { enabled: true });
      expect(fixed.last_error).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });

  it("backtests a rule over stored events without persisting anything", async () => {
    const rule = await h.createRule(threshold("Backtested", "bt_probe", 2, { enabled: false }));
    const now = Date.now();
    const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
    const ids = await h.ingest([
      event("bt_probe", "10.50.0.1", { timestamp: at(3000) }),
      event("bt_probe", "10.50.0.1", { timestamp: at(2990) }),
      event("bt_probe", "10.50.0.2", { timestamp: at(600) }),
      event("bt_probe", "10.50.0.3", { timestamp: at(7260) }),
      event("bt_probe", "10.50.0.3", { timestamp: at(7250) }),
    ]);
    const analyst = await t.as("analyst");
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/rules/${rule.id}/test`,
      headers: analyst,
      payload: { hours: 1 },
    });
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ rule_id: rule.id, rule_name: "Backtested", alerts_would_fire: 1 });
    expect(result.alerts).toEqual([
      { group_value: "AUDIO_004 / 10.50.0.1", matched_event_count: 2, matched_event_ids: ids.slice(0, 2) },
    ]);
    expect(result.events_evaluated).toBeGreaterThanOrEqual(3);
    expect(result.truncated).toBe(false);
    const wider = await t.app.inject({
      method: "POST",
      url: `/api/v1/rules/${rule.id}/test`,
      headers: analyst,
      payload: { hours: 3 },
    });
    expect(wider.json().alerts_would_fire).toBe(2);
    const byDefault = await t.app.inject({
      method: "POST",
      url: `/api/v1/rules/${rule.id}/test`,
      headers: analyst,
    });
    expect(byDefault.json()).toMatchObject({ alerts_would_fire: 2 });
    expect((await h.alerts(`?rule_id=${rule.id}`)).total).toBe(0);
    expect((await h.getRule(rule.id)).trigger_count).toBe(0);
    for (const hours of [0, 73, "x"]) {
      const bad = await t.app.inject({
        method: "POST",
        url: `/api/v1/rules/${rule.id}/test`,
        headers: analyst,
        payload: { hours },
      });
      expect(bad.statusCode).toBe(422);
    }
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/rules/nope/test",
      headers: analyst,
      payload: {},
    });
    expect(unknown.statusCode).toBe(404);
  });
});
