import { readFileSync } from "node:fs";
import { SECRET_MASK } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../src/detection/default-rules.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const bruteForce = {
  name: "Test brute force",
  description: "Three failures from one IP in a minute",
  rule_type: "threshold",
  severity: "high",
  mitre_tactic: "TA0006",
  mitre_technique: "T1110",
  conditions: {
    event_filter: { event_type: "test_failure" },
    threshold: 3,
    window_seconds: 60,
    group_by: "source_ip",
  },
  actions: [{ type: "webhook", config: { url: "http://127.0.0.1:9/hook", secret: "s3cret" } }],
};

describe("rules API", () => {
  let t: TestApp;
  let supervisor: { authorization: string };
  let analyst: { authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await t.as("supervisor");
    analyst = await t.as("analyst");
  });
  afterAll(() => t.close());

  const call: TestApp["call"] = (...args) => t.call(...args);

  it("starts with the default pack, every rule on but the opt-in USB rule, listed as a plain array", async () => {
    const res = await call("GET", "/api/v1/rules", analyst);
    expect(res.statusCode).toBe(200);
    const rules = res.json();
    expect(rules).toHaveLength(DEFAULT_RULES.length);
    const off = rules.filter((rule: { enabled: boolean }) => !rule.enabled);
    expect(off.map((rule: { name: string }) => rule.name)).toEqual(["USB Device Connected"]);
    expect(rules.map((rule: { name: string }) => rule.name)).toEqual(
      expect.arrayContaining([
        "Multiple Failed Logins",
        "SSH Brute Force",
        "Brute Force Then Success",
        "Host Sweep",
      ]),
    );
  });

  it("migration 0030 brings an older installation's pack to the shipped one, leaving edited rules alone", async () => {
    const sql = readFileSync(
      new URL("../migrations/0030_account_and_audit_policy_rules.sql", import.meta.url),
      "utf8",
    );
    const columns =
      "name, description, rule_type, conditions, severity, enabled, mitre_tactic, mitre_technique, cooldown_seconds, actions, mitre_tactics, mitre_techniques";
    const read = async (name: string) =>
      (await t.ctx.db.pool.query(`SELECT ${columns} FROM rules WHERE name = $1`, [name])).rows;
    const [widened] = await read("Account Created or Enabled");
    const [auditPolicy] = await read("Windows Audit Policy Changed");
    expect(widened).toBeDefined();
    expect(auditPolicy).toBeDefined();
    // As an installation from before 0030 has them: the account rule as first shipped, no audit-policy rule.
    const shipped = `{"event_filter":{"event_type":"user_created"},"threshold":1,"window_seconds":60,"group_by":"site_id","across_sites":false}`;
    const asShipped = () =>
      t.ctx.db.pool.query(
        "UPDATE rules SET name = 'Account Created on a Device', conditions = $1::jsonb WHERE name = 'Account Created or Enabled'",
        [shipped],
      );
    await asShipped();
    await t.ctx.db.pool.query("DELETE FROM rules WHERE name = 'Windows Audit Policy Changed'");
    await t.ctx.db.pool.query(sql);
    expect(await read("Account Created or Enabled")).toEqual([widened]);
    expect(await read("Windows Audit Policy Changed")).toEqual([auditPolicy]);
    await t.ctx.db.pool.query(sql);
    expect(await read("Windows Audit Policy Changed")).toHaveLength(1);
    // An admin's own threshold: the rule keeps its name and conditions.
    await asShipped();
    await t.ctx.db.pool.query(
      "UPDATE rules SET conditions = jsonb_set(conditions, '{threshold}', '3') WHERE name = 'Account Created on a Device'",
    );
    await t.ctx.db.pool.query(sql);
    expect(await read("Account Created or Enabled")).toEqual([]);
    expect(await read("Account Created on a Device")).toHaveLength(1);
    await t.ctx.db.pool.query(
      "UPDATE rules SET name = $1, description = $2, conditions = $3 WHERE name = 'Account Created on a Device'",
      [widened.name, widened.description, widened.conditions],
    );
  });

  it("creates a rule (201) with defaults and stored fields, readable by an analyst", async () => {
    const res = await call("POST", "/api/v1/rules", supervisor, bruteForce);
    expect(res.statusCode).toBe(201);
    const rule = res.json();
    expect(rule).toMatchObject({
      ...bruteForce,
      // The webhook secret is write-only (see rules-secrets.test.ts).
      actions: [{ type: "webhook", config: { url: "http://127.0.0.1:9/hook", secret: SECRET_MASK } }],
      enabled: true,
      cooldown_seconds: 300,
      trigger_count: 0,
      last_triggered: null,
      last_error: null,
    });
    expect(rule.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await call("GET", `/api/v1/rules/${rule.id}`, analyst);
    expect(read.json()).toEqual(rule);
  });

  it("refuses a duplicate name with 409, whatever its case", async () => {
    const res = await call("POST", "/api/v1/rules", supervisor, { ...bruteForce, name: "TEST BRUTE FORCE" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe("ConflictError");
  });

  it("refuses conditions that do not fit the type with 422 and field details", async () => {
    const res = await call("POST", "/api/v1/rules", supervisor, {
      ...bruteForce,
      name: "Bad sequence",
      rule_type: "sequence",
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error).toBe("ValidationError");
    expect(body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(["conditions.steps"]),
    );
    const unknownField = await call("POST", "/api/v1/rules", supervisor, {
      ...bruteForce,
      name: "Bad field",
      conditions: { ...bruteForce.conditions, group_by: ["source_ip", "bad\u0001name"] },
    });
    expect(unknownField.statusCode).toBe(422);
    expect(unknownField.json().details[0].field).toBe("conditions.group_by.1");
  });

  it("takes a condition tree, and refuses with 422 the part the engine cannot compile", async () => {
    const tree = {
      all: [
        { field: "event_type", value: "process_creation" },
        { field: "CommandLine", op: "re", value: "(a)\\1" },
      ],
    };
    const res = await call("POST", "/api/v1/rules", supervisor, {
      ...bruteForce,
      name: "Backreference",
      conditions: { ...bruteForce.conditions, event_filter: tree },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().details[0]).toMatchObject({
      field: "conditions",
      message: expect.stringMatching(/^event_filter\.all\.1: regular expression .* not valid RE2/),
    });
    tree.all[1] = { field: "CommandLine", op: "re", value: "-enc\\s" };
    const ok = await call("POST", "/api/v1/rules", supervisor, {
      ...bruteForce,
      name: "Encoded command",
      conditions: { ...bruteForce.conditions, event_filter: tree, group_by: ["hostname", "User"] },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().conditions).toMatchObject({ event_filter: tree, across_sites: false });
  });

  it("validates the merged rule on PATCH: a type change needs fitting conditions", async () => {
    const [rule] = (await call("GET", "/api/v1/rules", analyst))
      .json()
      .filter((r: { name: string }) => r.name === bruteForce.name);
    const typeOnly = await call("PATCH", `/api/v1/rules/${rule.id}`, supervisor, {
      rule_type: "aggregation",
    });
    expect(typeOnly.statusCode).toBe(422);
    expect(typeOnly.json().details.map((d: { field: string }) => d.field)).toContain(
      "conditions.aggregation_field",
    );
    const badThreshold = await call("PATCH", `/api/v1/rules/${rule.id}`, supervisor, {
      conditions: { ...bruteForce.conditions, threshold: 0 },
    });
    expect(badThreshold.statusCode).toBe(422);
    expect(badThreshold.json().details[0].field).toBe("conditions.threshold");
    const empty = await call("PATCH", `/api/v1/rules/${rule.id}`, supervisor, {});
    expect(empty.statusCode).toBe(422);

    const ok = await call("PATCH", `/api/v1/rules/${rule.id}`, supervisor, {
      cooldown_seconds: 60,
      severity: "critical",
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      cooldown_seconds: 60,
      severity: "critical",
      conditions: bruteForce.conditions,
    });
    const taken = await call("PATCH", `/api/v1/rules/${rule.id}`, supervisor, { name: "SSH Brute Force" });
    expect(taken.statusCode).toBe(409);
  });

  it("lets analysts read but not write; supervisors and admins write", async () => {
    const expectStatus = (res: { statusCode: number; body: string }, status: number) =>
      expect(res.statusCode, res.body).toBe(status);
    expectStatus(await call("POST", "/api/v1/rules", analyst, { ...bruteForce, name: "x" }), 403);
    const [rule] = (await call("GET", "/api/v1/rules", analyst)).json();
    expectStatus(await call("PATCH", `/api/v1/rules/${rule.id}`, analyst, { enabled: false }), 403);
    expectStatus(await call("DELETE", `/api/v1/rules/${rule.id}`, analyst), 403);
    expectStatus(await t.app.inject({ url: "/api/v1/rules" }), 401);
    const admin = await t.as("admin");
    expectStatus(await call("POST", "/api/v1/rules", admin, { ...bruteForce, name: "Admin rule" }), 201);
  });

  it("deletes a rule with {deleted: true}; unknown and malformed ids give 404", async () => {
    const created = (
      await call("POST", "/api/v1/rules", supervisor, { ...bruteForce, name: "To delete" })
    ).json();
    const res = await call("DELETE", `/api/v1/rules/${created.id}`, supervisor);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ deleted: true });
    expect((await call("GET", `/api/v1/rules/${created.id}`, analyst)).statusCode).toBe(404);
    expect((await call("DELETE", `/api/v1/rules/${created.id}`, supervisor)).statusCode).toBe(404);
    expect((await call("GET", "/api/v1/rules/not-a-uuid", analyst)).statusCode).toBe(404);
    expect((await call("PATCH", "/api/v1/rules/not-a-uuid", supervisor, { enabled: false })).statusCode).toBe(
      404,
    );
  });
});

describe("rules: audit and API reference", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("records rule changes in the audit log with who made them", async () => {
    const supervisor = await t.as("supervisor");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/rules",
      headers: supervisor,
      payload: { ...bruteForce, name: "Audited" },
    });
    const id = created.json().id;
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/rules/${id}`,
      headers: supervisor,
      payload: { enabled: false },
    });
    await t.app.inject({ method: "POST", url: `/api/alerts/rules/${id}/toggle`, headers: supervisor });
    await t.app.inject({ method: "DELETE", url: `/api/v1/rules/${id}`, headers: supervisor });
    const audit = await t.app.inject({
      url: `/api/v1/audit?target_id=${id}&per_page=10`,
      headers: await t.as("admin"),
    });
    const actions = audit
      .json()
      .items.map((entry: { action: string; actor: string }) => `${entry.actor}:${entry.action}`);
    expect(actions.sort()).toEqual([
      "supervisor1:rule.created",
      "supervisor1:rule.deleted",
      "supervisor1:rule.toggled",
      "supervisor1:rule.updated",
    ]);
  });

  it("documents the rules and alerts routes in the OpenAPI reference", async () => {
    const res = await t.app.inject({ url: "/api/docs/json" });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/v1/rules",
        "/api/v1/rules/{id}/test",
        "/api/v1/alerts/{id}/status",
        "/api/alerts/rules/{id}/toggle",
      ]),
    );
  });
});
