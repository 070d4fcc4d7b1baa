import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers, eventually } from "./support/detection.ts";

const probe = (source_ip: string) => ({
  source_type: "auth",
  event_type: "exception_probe",
  source_ip,
  hostname: "srv-backup",
  site_id: "AUDIO_005",
});

const probeRule = {
  name: "Exception probe",
  rule_type: "threshold",
  severity: "medium",
  cooldown_seconds: 0,
  conditions: {
    event_filter: { event_type: "exception_probe" },
    threshold: 1,
    window_seconds: 60,
    group_by: "source_ip",
  },
};

describe("rule exceptions", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  let ruleId: string;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
    await t.ctx.engine.start();
    ruleId = (await h.createRule(probeRule)).id;
  });
  afterAll(() => t.close());

  const url = (rest = "") => `/api/v1/rules/${ruleId}/exceptions${rest}`;
  const post = async (body: object, role: "analyst" | "supervisor" | "admin" = "supervisor") =>
    t.call("POST", url(), await t.as(role), body);
  const patch = async (id: string, body: object) =>
    t.call("PATCH", url(`/${id}`), await t.as("supervisor"), body);
  /** The alert of this rule for one address: how many times it fired. */
  const occurrences = async (ip: string) => {
    const items = (await h.alerts(`?rule_id=${ruleId}&per_page=100`)).items as {
      group_value: string;
      occurrences: number;
    }[];
    return items.find((alert) => alert.group_value.endsWith(ip))?.occurrences ?? 0;
  };
  const ingestAndSettle = async (ip: string) => {
    await h.ingest([probe(ip)]);
    await h.settle();
  };

  it("refuses bad input with 422 naming what is wrong", async () => {
    const cases: [object, string, RegExp][] = [
      [
        { condition: { any: [{ field: "source_ip", op: "nope", value: "x" }] }, reason: "r" },
        "condition.any.0.op",
        /./,
      ],
      [
        { condition: { any: [{ field: "x", op: "re", value: "(a)\\1" }] }, reason: "r" },
        "condition.any.0",
        /./,
      ],
      [{ condition: { source_ip: "10.0.0.9" } }, "reason", /./],
      [{ condition: { source_ip: "10.0.0.9" }, reason: "   " }, "reason", /required/],
      [{ reason: "r" }, "condition", /required/],
      [{ condition: { rule: ruleId }, reason: "r" }, "condition", /cannot reference a rule/],
      [
        { condition: { source_ip: "1" }, from_alert: ruleId, fields: ["source_ip"], reason: "r" },
        "condition",
        /not both/,
      ],
      [{ from_alert: ruleId, fields: ["source_ip"], reason: "r" }, "from_alert", /does not exist/],
      [{ condition: { source_ip: "1" }, reason: "r", expires_at: "tomorrow" }, "expires_at", /./],
    ];
    for (const [body, field, message] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      const detail = res.json().details.find((d: { field: string }) => d.field === field);
      expect(detail, `${JSON.stringify(body)} → ${res.body}`).toBeDefined();
      expect(detail.message).toMatch(message);
    }
    expect(
      (
        await t.call(
          "GET",
          "/api/v1/rules/00000000-0000-7000-8000-000000000000/exceptions",
          await t.as("analyst"),
        )
      ).statusCode,
    ).toBe(404);
  });

  it("lets supervisors and admins write, analysts read; each write is audited with the rule and reason", async () => {
    expect((await post({ condition: { source_ip: "10.0.0.1" }, reason: "no" }, "analyst")).statusCode).toBe(
      403,
    );
    const created = await post({ condition: { source_ip: "10.0.0.1" }, reason: "lab scanner" });
    expect(created.statusCode).toBe(201);
    const exception = created.json();
    expect(exception).toMatchObject({
      rule_id: ruleId,
      reason: "lab scanner",
      author: "supervisor1",
      active: true,
    });
    const listed = await t.call("GET", url(), await t.as("analyst"));
    expect(listed.json().map((e: { id: string }) => e.id)).toEqual([exception.id]);
    expect((await h.getRule(ruleId)).exception_count).toBe(1);
    expect(
      (await t.call("PATCH", url(`/${exception.id}`), await t.as("analyst"), { enabled: false })).statusCode,
    ).toBe(403);
    const edited = await t.call("PATCH", url(`/${exception.id}`), await t.as("admin"), { enabled: false });
    expect(edited.json()).toMatchObject({ enabled: false, active: false });
    expect((await patch(exception.id, { condition: { any: [] }, reason: "x" })).statusCode).toBe(200);
    expect((await patch(exception.id, {})).statusCode).toBe(422);
    expect((await t.call("DELETE", url(`/${exception.id}`), await t.as("analyst"))).statusCode).toBe(403);
    expect((await t.call("DELETE", url(`/${exception.id}`), await t.as("supervisor"))).statusCode).toBe(200);
    expect((await t.call("DELETE", url(`/${exception.id}`), await t.as("supervisor"))).statusCode).toBe(404);
    const audit = await t.call("GET", `/api/v1/audit?target_id=${ruleId}&per_page=50`, await t.as("admin"));
    const actions = audit
      .json()
      .items.filter((e: { action: string }) => e.action.startsWith("rule_exception."));
    expect(actions.map((e: { action: string }) => e.action).sort()).toEqual([
      "rule_exception.created",
      "rule_exception.deleted",
      "rule_exception.updated",
      "rule_exception.updated",
    ]);
    const createdEntry = actions.find((e: { action: string }) => e.action === "rule_exception.created");
    expect(createdEntry).toMatchObject({
      actor: "supervisor1",
      target_type: "rule",
      details: { exception_id: exception.id, reason: "lab scanner" },
    });
  });

  it("an exception made from an alert silences that source at once; another source still alerts", async () => {
    await ingestAndSettle("10.0.0.9");
    const alert = (await h.alerts(`?rule_id=${ruleId}`)).items.find((a: { group_value: string }) =>
      a.group_value.endsWith("10.0.0.9"),
    );
    expect(alert.occurrences).toBe(1);
    const res = await post({
      from_alert: alert.id,
      fields: ["source_ip", "hostname"],
      reason: "nightly backup",
    });
    expect(res.statusCode).toBe(201);
    const exception = res.json();
    expect(exception).toMatchObject({
      from_alert_id: alert.id,
      condition: {
        all: [
          { field: "source_ip", value: "10.0.0.9" },
          { field: "hostname", value: "srv-backup" },
        ],
      },
    });
    await h.settle();
    await ingestAndSettle("10.0.0.9");
    await ingestAndSettle("10.0.0.10");
    expect(await occurrences("10.0.0.9")).toBe(1);
    expect(await occurrences("10.0.0.10")).toBe(1);

    // Disabled, it no longer hides anything.
    await patch(exception.id, { enabled: false });
    await ingestAndSettle("10.0.0.9");
    expect(await occurrences("10.0.0.9")).toBe(2);
    await patch(exception.id, { enabled: true });

    const other = await h.createRule({ ...probeRule, name: "Another probe rule" });
    const foreign = await t.call("POST", `/api/v1/rules/${other.id}/exceptions`, await t.as("supervisor"), {
      from_alert: alert.id,
      fields: ["source_ip"],
      reason: "r",
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().details[0]).toMatchObject({
      field: "from_alert",
      message: expect.stringMatching(/another rule/),
    });
    await t.call("DELETE", `/api/v1/rules/${other.id}`, await t.as("supervisor"));

    const missing = await post({ from_alert: alert.id, fields: ["dest_ip"], reason: "r" });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().details[0]).toMatchObject({
      field: "fields",
      message: expect.stringMatching(/dest_ip/),
    });
  });

  it("stops applying an expired exception without a restart", async () => {
    const before = await occurrences("10.0.0.9");
    const all = (await t.call("GET", url(), await t.as("analyst"))).json() as {
      id: string;
      from_alert_id: string;
    }[];
    const fromAlert = all.find((e) => e.from_alert_id)!;
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    expect((await patch(fromAlert.id, { expires_at: expiresAt })).json()).toMatchObject({ active: true });
    await h.settle();
    await ingestAndSettle("10.0.0.9");
    expect(await occurrences("10.0.0.9")).toBe(before);
    // Past the expiry the engine prepares the rule again by itself: the same source alerts.
    await eventually(async () => {
      await ingestAndSettle("10.0.0.9");
      return (await occurrences("10.0.0.9")) > before;
    }, 8_000);
    const listed = (await t.call("GET", url(), await t.as("analyst"))).json();
    expect(listed.find((e: { id: string }) => e.id === fromAlert.id).active).toBe(false);
  });

  it("backtest applies the exceptions, and shows what they hide when asked without them", async () => {
    await post({ condition: { source_ip: "10.0.0.9" }, reason: "backup server" });
    const test = async (body: object) =>
      (await t.call("POST", `/api/v1/rules/${ruleId}/test`, await t.as("analyst"), body)).json();
    const withExceptions = await test({ hours: 1 });
    const without = await test({ hours: 1, exceptions: false });
    expect(withExceptions.exceptions).toBe(true);
    expect(without.alerts_would_fire).toBeGreaterThan(withExceptions.alerts_would_fire);
    const groups = (result: { alerts: { group_value: string }[] }) =>
      new Set(result.alerts.map((a) => a.group_value));
    expect([...groups(withExceptions)].some((g) => g.endsWith("10.0.0.9"))).toBe(false);
    expect([...groups(without)].some((g) => g.endsWith("10.0.0.9"))).toBe(true);
  });

  it("keeps exceptions out of the Sigma export", async () => {
    const res = await t.call("GET", `/api/v1/rules/${ruleId}/sigma`, await t.as("analyst"));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("exception_probe");
    expect(res.body).not.toContain("10.0.0.9");
  });

  it("deleting a rule deletes its exceptions", async () => {
    const count = async () =>
      Number(
        (await t.ctx.db.pool.query("SELECT count(*) AS n FROM rule_exceptions WHERE rule_id = $1", [ruleId]))
          .rows[0].n,
      );
    expect(await count()).toBeGreaterThan(0);
    expect((await t.call("DELETE", `/api/v1/rules/${ruleId}`, await t.as("supervisor"))).statusCode).toBe(
      200,
    );
    expect(await count()).toBe(0);
    expect((await t.call("GET", url(), await t.as("analyst"))).statusCode).toBe(404);
  });
});
