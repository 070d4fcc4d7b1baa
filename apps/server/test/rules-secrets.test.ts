import { SECRET_MASK } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

const SECRET = "hook-s3cret-7f1c";
const BEARER = "Bearer tok-9d2e";

const hookRule = {
  name: "Secret hook",
  rule_type: "threshold",
  severity: "high",
  conditions: {
    event_filter: { event_type: "secret_probe" },
    threshold: 1,
    window_seconds: 60,
    group_by: "",
  },
  actions: [
    {
      type: "webhook",
      config: {
        url: "https://hooks.audio.test/vigie",
        secret: SECRET,
        headers: { Authorization: BEARER, "X-Api-Key": "key-4b1a", "X-Tenant": "audio" },
      },
    },
    { type: "log", config: {} },
  ],
};

const maskedHook = {
  type: "webhook",
  config: {
    url: "https://hooks.audio.test/vigie",
    secret: SECRET_MASK,
    headers: { Authorization: SECRET_MASK, "X-Api-Key": SECRET_MASK, "X-Tenant": "audio" },
  },
};

describe("webhook secrets are write-only", () => {
  let t: TestApp;
  let ruleId: string;
  const call = async (
    method: "GET" | "POST" | "PATCH",
    url: string,
    role: "analyst" | "supervisor",
    payload?: object,
  ) => t.app.inject({ method, url, headers: await t.as(role), ...(payload ? { payload } : {}) });
  /** The rule's actions as stored (what the webhook signs with). */
  const stored = async () =>
    (await t.ctx.db.pool.query("SELECT actions FROM rules WHERE id = $1", [ruleId])).rows[0].actions;

  beforeAll(async () => {
    t = await startTestApp();
    const created = await call("POST", "/api/v1/rules", "supervisor", hookRule);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().actions).toEqual([maskedHook, { type: "log", config: {} }]);
    ruleId = created.json().id;
  });
  afterAll(() => t.close());

  it("never shows the secret or credential headers to an analyst or a supervisor, in either view", async () => {
    for (const role of ["analyst", "supervisor"] as const) {
      for (const url of [
        "/api/v1/rules",
        `/api/v1/rules/${ruleId}`,
        "/api/alerts/rules",
        `/api/alerts/rules/${ruleId}`,
      ]) {
        const res = await call("GET", url, role);
        expect(res.statusCode).toBe(200);
        for (const clear of [SECRET, BEARER, "key-4b1a"])
          expect(res.body, `${role} ${url}`).not.toContain(clear);
        expect(res.body).toContain(SECRET_MASK);
      }
    }
    expect((await call("GET", `/api/v1/rules/${ruleId}`, "analyst")).json().actions[0]).toEqual(maskedHook);
    expect((await call("GET", `/api/alerts/rules/${ruleId}`, "analyst")).json()).toMatchObject({
      action: "webhook",
      action_config: maskedHook.config,
    });
    expect((await stored())[0].config).toEqual(hookRule.actions[0]?.config);
  });

  it("keeps the stored secret when a PATCH sends the mask back (native and AudioSOC v1)", async () => {
    const read = (await call("GET", `/api/v1/rules/${ruleId}`, "supervisor")).json();
    const patched = await call("PATCH", `/api/v1/rules/${ruleId}`, "supervisor", {
      actions: read.actions,
      severity: "critical",
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().actions[0]).toEqual(maskedHook);
    const audioSoc = (await call("GET", `/api/alerts/rules/${ruleId}`, "supervisor")).json();
    const audioSocPatch = await call("PATCH", `/api/alerts/rules/${ruleId}`, "supervisor", {
      action: "webhook",
      action_config: audioSoc.action_config,
    });
    expect(audioSocPatch.statusCode, audioSocPatch.body).toBe(200);
    expect(
      (await call("PATCH", `/api/alerts/rules/${ruleId}`, "supervisor", { severity: "high" })).statusCode,
    ).toBe(200);
    expect((await call("POST", `/api/alerts/rules/${ruleId}/toggle`, "supervisor")).statusCode).toBe(200);
    expect(await stored()).toEqual(hookRule.actions);
  });

  it("keeps a masked secret when the hook moves to another position or URL", async () => {
    const moved = { ...maskedHook, config: { ...maskedHook.config, url: "https://hooks.audio.test/v2" } };
    const res = await call("PATCH", `/api/v1/rules/${ruleId}`, "supervisor", {
      actions: [{ type: "log", config: {} }, moved],
    });
    expect(res.statusCode, res.body).toBe(200);
    const res2 = await call("PATCH", `/api/v1/rules/${ruleId}`, "supervisor", { actions: [moved] });
    expect(res2.statusCode, res2.body).toBe(200);
    expect((await stored())[0].config).toEqual({
      ...hookRule.actions[0]?.config,
      url: "https://hooks.audio.test/v2",
    });
  });

  it("replaces the secret with a new value, and drops it when left out", async () => {
    const fresh = "new-s3cret-aa01";
    const res = await call("PATCH", `/api/v1/rules/${ruleId}`, "supervisor", {
      actions: [{ type: "webhook", config: { ...maskedHook.config, secret: fresh } }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(fresh);
    expect((await stored())[0].config.secret).toBe(fresh);
    expect((await stored())[0].config.headers.Authorization).toBe(BEARER);
    const audioSoc = await call("PATCH", `/api/alerts/rules/${ruleId}`, "supervisor", {
      action_config: { url: "https://hooks.audio.test/v3" },
    });
    expect(audioSoc.statusCode, audioSoc.body).toBe(200);
    expect(audioSoc.json().action_config).toEqual({ url: "https://hooks.audio.test/v3" });
    expect((await stored())[0].config).toEqual({ url: "https://hooks.audio.test/v3" });
  });

  it("refuses a mask that stands for no stored value: 422 natively, the AudioSOC v1 API's 400", async () => {
    const native = await call("POST", "/api/v1/rules", "supervisor", {
      ...hookRule,
      name: "Masked from the start",
      actions: [maskedHook],
    });
    expect(native.statusCode).toBe(422);
    expect(native.json().details.map((d: { field: string }) => d.field)).toEqual(["actions.0.config.secret"]);
    const patch = await call("PATCH", `/api/v1/rules/${ruleId}`, "supervisor", { actions: [maskedHook] });
    expect(patch.statusCode).toBe(422);
    const audioSoc = await call("POST", "/api/alerts/rules", "supervisor", {
      name: "AudioSOC v1 masked",
      condition: { event_type: "secret_probe", count: 1, timeframe: "1m" },
      action: "webhook",
      action_config: { url: "https://hooks.audio.test/a", secret: SECRET_MASK },
    });
    expect(audioSoc.statusCode).toBe(400);
  });
});
