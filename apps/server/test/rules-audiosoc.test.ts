import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../src/detection/default-rules.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const audioSocRule = {
  name: "AudioSOC v1 failed logins",
  description: "Ten failed logins on one site in ten minutes",
  enabled: true,
  condition: {
    event_type: "login_failure",
    source: "auth",
    severity: "medium",
    site_id: "AUDIO_003",
    count: 10,
    timeframe: "10m",
  },
  action: "email",
  action_config: { to: "soc@audio.test" },
  severity: "high",
};

describe("AudioSOC v1 rules view (/api/alerts/rules)", () => {
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

  it("creates a AudioSOC v1 rule, stored as a native threshold rule with one global group", async () => {
    const res = await call("POST", "/api/alerts/rules", supervisor, audioSocRule);
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      ...audioSocRule,
      action_config: { recipients: ["soc@audio.test"] },
      rule_type: "threshold",
      trigger_count: 0,
      last_triggered: null,
    });
    const native = (await call("GET", `/api/v1/rules/${created.id}`, analyst)).json();
    expect(native).toMatchObject({
      rule_type: "threshold",
      conditions: {
        event_filter: {
          event_type: "login_failure",
          source_type: "auth",
          severity: "medium",
          site_id: "AUDIO_003",
        },
        threshold: 10,
        window_seconds: 600,
        group_by: "",
      },
      actions: [{ type: "email", config: { recipients: ["soc@audio.test"] } }],
    });
  });

  it("lists every rule: those AudioSOC v1 cannot express have condition null and say their rule_type", async () => {
    const listed = (await call("GET", "/api/alerts/rules", analyst)).json();
    const rules = listed.rules;
    expect(rules.length).toBe(DEFAULT_RULES.length + 1);
    expect(listed.total).toBe(rules.length);
    const sequence = rules.find((rule: { name: string }) => rule.name === "Brute Force Then Success");
    expect(sequence).toMatchObject({
      rule_type: "sequence",
      condition: null,
      action: "log",
      action_config: {},
    });
    const grouped = rules.find((rule: { name: string }) => rule.name === "Multiple Failed Logins");
    expect(grouped).toMatchObject({ rule_type: "threshold", condition: null });
    const audioSoc = rules.find((rule: { name: string }) => rule.name === audioSocRule.name);
    expect(audioSoc.condition).toEqual(audioSocRule.condition);
  });

  it("reads the AudioSOC v1 client's event types as Vigie's", async () => {
    const res = await call("POST", "/api/alerts/rules", supervisor, {
      name: "Failed logins (AudioSOC default)",
      condition: { event_type: "auth_failure", count: 5, timeframe: "10m" },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().condition).toMatchObject({ event_type: "login_failure", count: 5 });
    const native = (await call("GET", `/api/v1/rules/${res.json().id}`, analyst)).json();
    expect(native.conditions.event_filter).toEqual({ event_type: "login_failure" });
    expect((await call("DELETE", `/api/alerts/rules/${res.json().id}`, supervisor)).statusCode).toBe(200);
  });

  it("updates through the AudioSOC v1 API's shape and keeps what is not given", async () => {
    const [rule] = (await call("GET", "/api/alerts/rules", analyst))
      .json()
      .rules.filter((r: { name: string }) => r.name === audioSocRule.name);
    const res = await call("PATCH", `/api/alerts/rules/${rule.id}`, supervisor, {
      condition: { event_type: "login_failure", count: 3, timeframe: "1h" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      condition: { event_type: "login_failure", count: 3, timeframe: "1h" },
      action: "email",
      severity: "high",
      description: audioSocRule.description,
    });
    const webhook = await call("PATCH", `/api/alerts/rules/${rule.id}`, supervisor, {
      action: "webhook",
      action_config: { url: "https://hooks.audio.test/vigie" },
    });
    expect(webhook.json()).toMatchObject({
      action: "webhook",
      action_config: { url: "https://hooks.audio.test/vigie" },
    });
  });

  it("toggles a rule on and off, and the native view agrees", async () => {
    const [rule] = (await call("GET", "/api/alerts/rules", analyst))
      .json()
      .rules.filter((r: { name: string }) => r.name === audioSocRule.name);
    const off = await call("POST", `/api/alerts/rules/${rule.id}/toggle`, supervisor);
    expect(off.statusCode).toBe(200);
    expect(off.json().enabled).toBe(false);
    expect((await call("GET", `/api/v1/rules/${rule.id}`, analyst)).json().enabled).toBe(false);
    expect((await call("POST", `/api/alerts/rules/${rule.id}/toggle`, supervisor)).json().enabled).toBe(true);
    expect((await call("POST", `/api/alerts/rules/${rule.id}/toggle`, analyst)).statusCode).toBe(403);
  });

  it("answers the AudioSOC v1 API's 400 {error} for bad bodies, 409 for a taken name, 404 for unknown ids", async () => {
    for (const body of [
      { ...audioSocRule, name: "No count", condition: { timeframe: "10m" } },
      { ...audioSocRule, name: "Bad timeframe", condition: { count: 1, timeframe: "10 minutes" } },
      { ...audioSocRule, name: "Bad source", condition: { count: 1, timeframe: "1m", source: "mainframe" } },
      { ...audioSocRule, name: "Hook without url", action: "webhook", action_config: {} },
      { name: "" },
    ]) {
      const res = await call("POST", "/api/alerts/rules", supervisor, body);
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json())).toEqual(["error"]);
      expect(res.json().error).toEqual(expect.any(String));
    }
    expect((await call("POST", "/api/alerts/rules", supervisor, audioSocRule)).statusCode).toBe(409);
    const listed = await call("GET", "/api/alerts/rules", analyst);
    expect(listed.statusCode, listed.body).toBe(200);
    const sequence = listed.json().rules.find((r: { rule_type: string }) => r.rule_type === "sequence");
    const refused = await call("PATCH", `/api/alerts/rules/${sequence.id}`, supervisor, {
      condition: { count: 1, timeframe: "1m" },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toContain("sequence rule");
    expect((await call("GET", "/api/alerts/rules/nope", analyst)).statusCode).toBe(404);
    expect(
      (await call("POST", "/api/alerts/rules/0190a0e0-0000-7000-8000-000000000000/toggle", supervisor))
        .statusCode,
    ).toBe(404);
  });

  it("deletes through AudioSOC v1", async () => {
    const created = (
      await call("POST", "/api/alerts/rules", supervisor, {
        name: "Short lived",
        condition: { count: 1, timeframe: "30s" },
      })
    ).json();
    expect(created).toMatchObject({ enabled: true, action: "log", severity: "medium" });
    expect((await call("DELETE", `/api/alerts/rules/${created.id}`, supervisor)).json()).toEqual({
      deleted: true,
    });
    expect((await call("GET", `/api/v1/rules/${created.id}`, analyst)).statusCode).toBe(404);
  });
});
