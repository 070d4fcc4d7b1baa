import type { AttackCoverage, AttackTechnique } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

const IN_PERIOD = "2026-11-20T10:00:00.000Z";
const BEFORE = "2026-10-01T10:00:00.000Z";
const PERIOD = "from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z";

/** A threshold-1 rule on one event type, tagged with these techniques. */
const ruleOn = (name: string, eventType: string, techniques: string[], enabled = true) => ({
  name,
  rule_type: "threshold",
  severity: "high",
  enabled,
  mitre_tactics: ["execution"],
  mitre_techniques: techniques,
  conditions: {
    event_filter: { event_type: eventType },
    threshold: 1,
    window_seconds: 60,
    group_by: "hostname",
  },
});

const probe = (eventType: string, hostname: string, timestamp: string) => ({
  source_type: "endpoint",
  event_type: eventType,
  hostname,
  site_id: "AUDIO_001",
  timestamp,
});

/** Every cell of a technique (one per tactic it belongs to). */
const cells = (coverage: AttackCoverage, id: string) =>
  coverage.tactics.flatMap((tactic) =>
    tactic.techniques.filter((t) => t.id === id).map((t) => ({ tactic: tactic.shortname, ...t })),
  );
const cell = (coverage: AttackCoverage, id: string): AttackTechnique => {
  const found = cells(coverage, id)[0];
  if (!found) throw new Error(`${id} is not in the matrix`);
  return found;
};

describe("ATT&CK coverage: rules per technique, sub-techniques folded, alerts in a period", () => {
  let t: TestApp;
  let analyst: { authorization: string };
  const ids: Record<string, string> = {};
  const get = async (path: string) => t.app.inject({ url: `/api/v1/attack/${path}`, headers: analyst });

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650", VIGIE_RATE_LIMIT_API: "0" });
    const h = detectionHelpers(t);
    analyst = await t.as("analyst");
    await t.ctx.engine.start();
    ids.dll = (await h.createRule(ruleOn("DLL injection", "ps_probe", ["T1055.001"]))).id;
    ids.injection = (await h.createRule(ruleOn("Any injection", "shell_probe", ["t1055", "T1055.012"]))).id;
    ids.packed = (await h.createRule(ruleOn("Packed binary", "dump_probe", ["T1027.002"], false))).id;
    await h.ingest([probe("ps_probe", "ws-1", IN_PERIOD), probe("ps_probe", "ws-2", BEFORE)]);
    await h.ingest([probe("shell_probe", "ws-3", IN_PERIOD)]);
    await h.settle();
    expect((await h.alerts("?per_page=100")).items.length).toBeGreaterThanOrEqual(3);
  });
  afterAll(() => t.close());

  it("lists the 14 tactics in matrix order with their live techniques, and MITRE's copyright line", async () => {
    const res = await get("coverage");
    expect(res.statusCode).toBe(200);
    const coverage: AttackCoverage = res.json();
    expect(coverage.tactics.map((tactic) => tactic.id)).toEqual([
      "TA0043",
      "TA0042",
      "TA0001",
      "TA0002",
      "TA0003",
      "TA0004",
      "TA0005",
      "TA0006",
      "TA0007",
      "TA0008",
      "TA0009",
      "TA0011",
      "TA0010",
      "TA0040",
    ]);
    expect(coverage.attack.copyright).toBe(
      "© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.",
    );
    // 691 live entries, of which the sub-techniques are folded under their parents.
    const subs = new Set(
      coverage.tactics.flatMap((x) => x.techniques.flatMap((y) => y.subtechniques.map((s) => s.id))),
    );
    expect(coverage.summary.techniques + subs.size).toBe(691);
    expect(cell(coverage, "T1055").subtechniques.map((s) => s.id)).toContain("T1055.001");
    const all = coverage.tactics.flatMap((x) => x.techniques.map((y) => y.id));
    expect(all.every((id) => /^T\d{4}$/.test(id))).toBe(true);
  });

  it("counts a sub-technique's rule for its parent, each rule once, disabled rules apart", async () => {
    const coverage: AttackCoverage = (await get("coverage")).json();
    const injection = cell(coverage, "T1055");
    expect(injection.rule_ids.sort()).toEqual([ids.injection, ids.dll].sort());
    const dll = injection.subtechniques.find((s) => s.id === "T1055.001");
    expect(dll?.rule_ids).toEqual([ids.dll]);
    expect(injection.subtechniques.find((s) => s.id === "T1055.012")?.rule_ids).toEqual([ids.injection]);
    const dump = cell(coverage, "T1027");
    expect(dump.rule_ids).toEqual([]);
    expect(dump.disabled_rules).toBe(1);
    // The default pack's SSH brute force (T1110.001) and failed logins (T1110): two rules for T1110.
    expect(cell(coverage, "T1110").rule_ids.length).toBeGreaterThanOrEqual(2);
    const evasion = coverage.tactics.find((x) => x.shortname === "defense-evasion");
    expect(evasion?.covered).toBeGreaterThanOrEqual(1);
    expect(coverage.summary.covered).toBeGreaterThanOrEqual(10);
    expect(coverage.rules.find((r) => r.id === ids.packed)).toMatchObject({
      enabled: false,
      name: "Packed binary",
    });
  });

  it("counts only the alerts whose activity overlaps the period", async () => {
    const inPeriod: AttackCoverage = (await get(`coverage?${PERIOD}`)).json();
    expect(inPeriod.period).toEqual({ from: "2026-11-19T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z" });
    const t1055 = cell(inPeriod, "T1055");
    expect(t1055.alerts).toBe(2);
    expect(t1055.subtechniques.find((s) => s.id === "T1055.001")?.alerts).toBe(1);
    expect(inPeriod.rules.find((r) => r.id === ids.dll)?.alerts).toBe(1);
    expect(inPeriod.summary.with_alerts).toBe(1);
    const allTime: AttackCoverage = (await get("coverage")).json();
    expect(cell(allTime, "T1055").alerts).toBe(3);
    const none: AttackCoverage = (await get("coverage?from=2026-12-01T00:00:00Z")).json();
    expect(cell(none, "T1055").alerts).toBe(0);
  });

  it("filters the alert list by technique the way the coverage counts (sub-techniques under their parent)", async () => {
    const list = async (query: string) =>
      (await t.app.inject({ url: `/api/v1/alerts?${query}`, headers: analyst })).json();
    const parent = await list(`technique=T1055&${PERIOD}`);
    expect(parent.items.map((a: { rule_id: string }) => a.rule_id).sort()).toEqual(
      [ids.dll, ids.injection].sort(),
    );
    expect(
      (await list(`technique=t1055.001&${PERIOD}`)).items.map((a: { rule_id: string }) => a.rule_id),
    ).toEqual([ids.dll]);
    expect((await list("technique=T1055")).total).toBe(3);
    expect((await list("technique=T1027")).total).toBe(0);
    const groups = await t.app.inject({ url: "/api/v1/alerts/groups?technique=T1055.012", headers: analyst });
    expect(groups.json().items.map((g: { rule_id: string }) => g.rule_id)).toEqual([ids.injection]);
    const bad = await t.app.inject({ url: "/api/v1/alerts?technique=process-injection", headers: analyst });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details[0].field).toContain("technique");
  });

  it("refuses a period that ends before it starts, or a date that is none, naming the field", async () => {
    const backwards = await get("coverage?from=2026-11-21T00:00:00Z&to=2026-11-19T00:00:00Z");
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().details[0].field).toBe("to");
    const garbage = await get("layer?from=yesterday");
    expect(garbage.statusCode).toBe(422);
    expect(garbage.json().details[0].field).toContain("from");
  });

  it("needs a session", async () => {
    expect((await t.app.inject({ url: "/api/v1/attack/coverage" })).statusCode).toBe(401);
  });

  it("exports an ATT&CK Navigator layer 4.5 as a download, audited", async () => {
    const res = await get(`layer?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="vigie-attack-layer-.*\.json"$/,
    );
    const layer = res.json();
    expect(layer).toMatchObject({
      versions: { attack: "18", layer: "4.5" },
      domain: "enterprise-attack",
      gradient: { colors: expect.any(Array), minValue: 0, maxValue: 5 },
    });
    expect(layer.name).toEqual(expect.any(String));
    expect(layer.legendItems).toHaveLength(3);
    expect(layer.description).toContain("The MITRE Corporation");
    // A technique of two tactics is listed under each.
    const entries = layer.techniques.filter((x: { techniqueID: string }) => x.techniqueID === "T1055");
    expect(entries.map((x: { tactic: string }) => x.tactic).sort()).toEqual([
      "defense-evasion",
      "privilege-escalation",
    ]);
    const t1055 = entries[0];
    expect(t1055).toMatchObject({ score: 2, showSubtechniques: true });
    expect(t1055.comment).toContain("2 alert(s)");
    expect(t1055.metadata.map((m: { value: string }) => m.value).sort()).toEqual([
      "Any injection",
      "DLL injection",
    ]);
    const sub = layer.techniques.find((x: { techniqueID: string }) => x.techniqueID === "T1055.001");
    expect(sub).toMatchObject({ score: 1 });
    // A disabled rule is listed with score 0; a technique nobody covers is not listed.
    expect(layer.techniques.find((x: { techniqueID: string }) => x.techniqueID === "T1027")?.score).toBe(0);
    const coverage: AttackCoverage = (await get(`coverage?${PERIOD}`)).json();
    const bare = coverage.tactics
      .flatMap((x) => x.techniques)
      .find((x) => !x.rule_ids.length && !x.disabled_rules);
    expect(layer.techniques.some((x: { techniqueID: string }) => x.techniqueID === bare?.id)).toBe(false);
    for (const technique of layer.techniques)
      expect(Object.keys(technique).sort()).toEqual([
        "comment",
        "enabled",
        "metadata",
        "score",
        "showSubtechniques",
        "tactic",
        "techniqueID",
      ]);
    const audit = await t.app.inject({
      url: "/api/v1/audit?action=attack.layer_exported",
      headers: await t.as("admin"),
    });
    expect(audit.json().items[0]).toMatchObject({
      action: "attack.layer_exported",
      actor: "analyst1",
      details: { from: "2026-11-19T00:00:00Z", to: "2026-11-21T00:00:00Z" },
    });
  });
});
