import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

describe("alerts API and lifecycle", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  let analyst: { authorization: string };
  let ruleId: string;
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
    analyst = await t.as("analyst");
    await t.ctx.engine.start();
    const rule = await h.createRule({
      name: "Lifecycle rule",
      rule_type: "threshold",
      severity: "medium",
      conditions: {
        event_filter: { event_type: "lifecycle_probe" },
        threshold: 2,
        window_seconds: 60,
        group_by: "username",
      },
      actions: [{ type: "log" }],
    });
    ruleId = rule.id;
    const other = await h.createRule({
      name: "Other rule",
      rule_type: "threshold",
      severity: "critical",
      conditions: {
        event_filter: { event_type: "other_probe" },
        threshold: 1,
        window_seconds: 60,
        group_by: "",
      },
    });
    for (const [user, site] of [
      ["alice", "AUDIO_001"],
      ["bob", "AUDIO_002"],
      ["carol", "AUDIO_002"],
    ] as const) {
      const event = { source_type: "auth", event_type: "lifecycle_probe", username: user, site_id: site };
      ids[user] = await h.ingest([event, event]);
      await h.settle();
    }
    await h.ingest([{ source_type: "endpoint", event_type: "other_probe", site_id: "AUDIO_009" }]);
    await h.settle();
    expect(other.id).toBeDefined();
  });
  afterAll(() => t.close());

  const list = async (query: string) =>
    (await t.app.inject({ url: `/api/v1/alerts${query}`, headers: analyst })).json();
  const alertOf = async (user: string) =>
    (await list(`?rule_id=${ruleId}`)).items.find(
      (alert: { group_fields: { username?: string } }) => alert.group_fields.username === user,
    );
  const patch = (id: string, body: object, headers = analyst) =>
    t.app.inject({ method: "PATCH", url: `/api/v1/alerts/${id}/status`, headers, payload: body });

  it("lists alerts newest first with native pagination and filters", async () => {
    const all = await list("");
    expect(all).toMatchObject({ total: 4, page: 1, per_page: 50, pages: 1 });
    expect(all.items.map((alert: { title: string }) => alert.title)).toEqual([
      "Other rule [AUDIO_009]",
      "Lifecycle rule [AUDIO_002 / carol]",
      "Lifecycle rule [AUDIO_002 / bob]",
      "Lifecycle rule [AUDIO_001 / alice]",
    ]);
    const paged = await list("?per_page=2&page=2");
    expect(paged).toMatchObject({ total: 4, page: 2, per_page: 2, pages: 2 });
    expect(paged.items.map((alert: { group_value: string }) => alert.group_value)).toEqual([
      "AUDIO_002 / bob",
      "AUDIO_001 / alice",
    ]);
    expect((await list("?site_id=AUDIO_002")).total).toBe(2);
    expect((await list("?severity=critical")).items[0].site_id).toBe("AUDIO_009");
    expect((await list(`?rule_id=${ruleId}&status=new`)).total).toBe(3);
    expect((await list("?rule_id=not-a-uuid")).total).toBe(0);
    const bad = await t.app.inject({ url: "/api/v1/alerts?status=open&per_page=500", headers: analyst });
    expect(bad.statusCode).toBe(422);
  });

  it("returns one alert with its matched events, history and action deliveries", async () => {
    const alert = await alertOf("alice");
    const res = await t.app.inject({ url: `/api/v1/alerts/${alert.id}`, headers: analyst });
    expect(res.statusCode).toBe(200);
    const detail = res.json();
    expect(detail.alert).toMatchObject({ id: alert.id, matched_event_ids: ids.alice, history: [] });
    expect(detail.matched_events.map((event: { id: string }) => event.id).sort()).toEqual(
      [...ids.alice!].sort(),
    );
    expect(detail.actions).toEqual([expect.objectContaining({ type: "log", position: 1 })]);
    expect(detail.alert.action_results).toEqual(detail.actions);
    expect((await t.app.inject({ url: "/api/v1/alerts/nope", headers: analyst })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: "/api/v1/alerts/0190a0e0-0000-7000-8000-000000000000", headers: analyst }))
        .statusCode,
    ).toBe(404);
  });

  it("records who acknowledged and resolved, with notes, and publishes each change", async () => {
    const alert = await alertOf("bob");
    const updates: { status: string }[] = [];
    t.ctx.bus.subscribe(
      "alert.updated",
      ({ alert: updated }) => void updates.push(updated as { status: string }),
    );
    const ack = await patch(alert.id, { status: "acknowledged", notes: "looking into it" });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({
      status: "acknowledged",
      acknowledged_by: "analyst1",
      notes: "looking into it",
      resolved_at: null,
    });
    expect(ack.json().acknowledged_at).toEqual(expect.any(String));
    const resolved = await patch(alert.id, { status: "resolved" }, await t.as("supervisor"));
    expect(resolved.json()).toMatchObject({
      status: "resolved",
      acknowledged_by: "analyst1",
      notes: "looking into it",
    });
    expect(resolved.json().resolved_at).toEqual(expect.any(String));

    const detail = (await t.app.inject({ url: `/api/v1/alerts/${alert.id}`, headers: analyst })).json();
    expect(detail.history).toEqual([
      expect.objectContaining({ by: "analyst1", from: "new", to: "acknowledged", notes: "looking into it" }),
      expect.objectContaining({ by: "supervisor1", from: "acknowledged", to: "resolved", notes: null }),
    ]);
    await h.settle();
    expect(updates.map((update) => update.status)).toEqual(["acknowledged", "resolved"]);
    const audit = await t.app.inject({
      url: `/api/v1/audit?target_id=${alert.id}`,
      headers: await t.as("admin"),
    });
    expect(
      audit
        .json()
        .items.map((entry: { actor: string; action: string }) => `${entry.actor}:${entry.action}`)
        .sort(),
    ).toEqual(["analyst1:alert.status_changed", "supervisor1:alert.status_changed"]);
  });

  it("opens a new alert when the group fires again after its alert was closed", async () => {
    const carol = await alertOf("carol");
    expect(
      (await patch(carol.id, { status: "false_positive", notes: "pentest" })).json().resolved_at,
    ).toEqual(expect.any(String));
    const event = {
      source_type: "auth",
      event_type: "lifecycle_probe",
      username: "carol",
      site_id: "AUDIO_002",
    };
    // The rule's 300 s cooldown suppresses events of the same minute: use later event times.
    const later = new Date(Date.now() + 600_000).toISOString();
    await h.ingest([
      { ...event, timestamp: later },
      { ...event, timestamp: later },
    ]);
    await h.settle();
    const carols = (await list(`?rule_id=${ruleId}`)).items.filter(
      (alert: { group_value: string }) => alert.group_value === "AUDIO_002 / carol",
    );
    expect(carols.map((alert: { status: string }) => alert.status)).toEqual(["new", "false_positive"]);
    const reopened = await patch(carol.id, { status: "investigating" });
    expect(reopened.statusCode).toBe(409);
  });

  it("validates status changes and needs a signed-in user", async () => {
    const alert = await alertOf("alice");
    expect((await patch(alert.id, { status: "closed" })).statusCode).toBe(422);
    expect((await patch(alert.id, {})).statusCode).toBe(422);
    expect((await patch("nope", { status: "resolved" })).statusCode).toBe(404);
    const anonymous = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/alerts/${alert.id}/status`,
      payload: { status: "resolved" },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/v1/alerts" })).statusCode).toBe(401);
  });
});
