import type { CaseDetail } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

const SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

describe("cases: created from alerts, a merged timeline, closing reasons, audit, report", () => {
  let t: TestApp;
  let analyst: { authorization: string };
  let alertIds: string[];
  let eventIds: string[];
  const changed: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    const h = detectionHelpers(t);
    analyst = await t.as("analyst");
    await t.ctx.engine.start();
    await h.createRule({
      name: "Case probe",
      rule_type: "threshold",
      severity: "medium",
      conditions: {
        event_filter: { event_type: "case_probe" },
        threshold: 1,
        window_seconds: 60,
        group_by: "source_ip",
      },
    });
    eventIds = [];
    for (const [n, host, user] of [
      [1, "ws-01", "alice"],
      [2, "ws-02", "bob"],
      [3, "ws-03", "carol"],
    ] as const) {
      eventIds.push(
        ...(await h.ingest([
          {
            source_type: "endpoint",
            event_type: "case_probe",
            source_ip: `10.9.0.${n}`,
            hostname: host,
            username: user,
            site_id: "AUDIO_001",
            message: `probe ${n}`,
            metadata: n === 2 ? { Hashes: `SHA256=${SHA256.toUpperCase()},MD5=x` } : {},
          },
        ])),
      );
      await h.settle();
    }
    alertIds = (await h.alerts("?per_page=10")).items.map((a: { id: string }) => a.id);
    t.ctx.bus.subscribe("case.changed", ({ case: c }) => {
      changed.push(String(c.id));
    });
  });
  afterAll(() => t.close());

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: object,
    headers = analyst,
  ) => t.call(method, url, headers, payload);
  const create = async (payload: object) => {
    const res = await call("POST", "/api/v1/cases", payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as CaseDetail;
  };

  it("creates a case from three alerts: title of the first, highest severity, observables from their fields", async () => {
    expect(alertIds).toHaveLength(3);
    await t.call("PATCH", `/api/v1/alerts/${alertIds[2]}/status`, analyst, { status: "acknowledged" });
    const c = await create({ alert_ids: alertIds });
    expect(c.reference).toMatch(/^CASE-\d+$/);
    expect(c.alerts.map((a) => a.id).sort()).toEqual([...alertIds].sort());
    expect(c.title).toBe(c.alerts.find((a) => a.id === alertIds[0])!.title);
    expect(c.severity).toBe("medium");
    expect(c.status).toBe("open");
    const observables = c.observables.map((o) => `${o.kind}:${o.value}`);
    for (const expected of ["ip:10.9.0.1", "host:ws-02", "user:carol", `hash:${SHA256}`])
      expect(observables).toContain(expected);
    expect(c.observables.find((o) => o.kind === "hash")!.alert_id).not.toBeNull();
    expect(c.timeline.map((e) => e.kind)).toEqual(["created", "alert", "alert", "alert"]);
    expect(changed).toContain(c.id);
    const holding = await call("GET", `/api/v1/cases?alert_id=${alertIds[1]}`);
    expect(holding.json().items.map((i: { id: string }) => i.id)).toEqual([c.id]);
  });

  it("takes the severity given and a title by hand; lists with filters and text", async () => {
    const c = await create({ title: "Phishing wave <b>", severity: "critical" });
    expect(c.alerts).toEqual([]);
    const list = await call("GET", "/api/v1/cases?severity=critical,high&status=open&q=phishing");
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    expect((await call("GET", "/api/v1/cases?assignee=me")).json().total).toBe(0);
    expect((await call("GET", "/api/v1/cases?q=nothing-like-this")).json().total).toBe(0);
  });

  it("merges alerts, pinned events, notes and status changes into one time-ordered timeline", async () => {
    const c = await create({ alert_ids: [alertIds[0]] });
    const pin = await call("POST", `/api/v1/cases/${c.id}/events`, { event_ids: [eventIds[1]] });
    expect(pin.statusCode, pin.body).toBe(201);
    await call("POST", `/api/v1/cases/${c.id}/notes`, { body: "Looked at the host" });
    await call("PATCH", `/api/v1/cases/${c.id}`, { status: "in_progress" });
    await call("POST", `/api/v1/cases/${c.id}/alerts`, { alert_ids: [alertIds[1]] });
    const detail = (await call("GET", `/api/v1/cases/${c.id}`)).json() as CaseDetail;
    expect(detail.timeline.map((e) => e.kind)).toEqual([
      "created",
      "alert",
      "event",
      "note",
      "change",
      "alert",
    ]);
    const times = detail.timeline.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    const event = detail.timeline.find((e) => e.kind === "event")!;
    expect(event.text).toBe("probe 2");
    expect(event.event_time).not.toBeNull();
    expect(detail.timeline.find((e) => e.kind === "change")).toMatchObject({
      text: "status",
      from: "open",
      to: "in_progress",
    });
    expect(detail.events.map((e) => e.id)).toEqual([eventIds[1]]);
  });

  it("closing needs a reason; reopening clears it", async () => {
    const c = await create({ alert_ids: [alertIds[0]] });
    const refused = await call("PATCH", `/api/v1/cases/${c.id}`, { status: "closed" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details[0].field).toBe("closing_reason");
    const bad = await call("PATCH", `/api/v1/cases/${c.id}`, { status: "closed", closing_reason: "bored" });
    expect(bad.statusCode).toBe(422);
    const closed = await call("PATCH", `/api/v1/cases/${c.id}`, {
      status: "closed",
      closing_reason: "true_positive",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: "closed", closing_reason: "true_positive" });
    expect(closed.json().closed_at).not.toBeNull();
    const reopened = (await call("PATCH", `/api/v1/cases/${c.id}`, { status: "open" })).json();
    expect(reopened).toMatchObject({ status: "open", closing_reason: null, closed_at: null });
  });

  it("works the checklist and observables; every change is in the audit log with its author", async () => {
    const c = await create({ title: "Checklist" });
    const withTask = (
      await call("POST", `/api/v1/cases/${c.id}/tasks`, { title: "Isolate the host" })
    ).json();
    const task = withTask.tasks[0];
    const ticked = (await call("PATCH", `/api/v1/cases/${c.id}/tasks/${task.id}`, { done: true })).json();
    expect(ticked.tasks[0]).toMatchObject({ done: true, done_by: "analyst1" });
    const obs = await call("POST", `/api/v1/cases/${c.id}/observables`, {
      kind: "domain",
      value: "Evil.Example",
    });
    expect(obs.statusCode).toBe(201);
    const again = await call("POST", `/api/v1/cases/${c.id}/observables`, {
      kind: "domain",
      value: "evil.example",
    });
    expect(again.statusCode).toBe(409);
    const observable = obs.json().observables[0];
    expect(observable.value).toBe("evil.example");
    expect((await call("DELETE", `/api/v1/cases/${c.id}/observables/${observable.id}`)).statusCode).toBe(200);
    expect((await call("DELETE", `/api/v1/cases/${c.id}/tasks/${task.id}`)).json().tasks).toEqual([]);
    await call("PATCH", `/api/v1/cases/${c.id}`, { severity: "high", title: "Checklist done" });
    const audit = await t.call("GET", `/api/v1/audit?target_id=${c.id}&per_page=100`, await t.as("admin"));
    const actions = audit
      .json()
      .items.map((e: { action: string; actor: string }) => `${e.action}/${e.actor}`);
    for (const action of [
      "case.created",
      "case.task_added",
      "case.task_done",
      "case.observable_added",
      "case.observable_deleted",
      "case.task_deleted",
      "case.updated",
    ])
      expect(actions).toContain(`${action}/analyst1`);
  });

  it("answers 4xx naming what is wrong, and 401 to nobody", async () => {
    const unknownAlert = "01900000-0000-7000-8000-000000000000";
    const res = await call("POST", "/api/v1/cases", { alert_ids: [alertIds[0], unknownAlert] });
    expect(res.statusCode).toBe(422);
    expect(res.json().details[0]).toMatchObject({ field: "alert_ids", type: "unknown_alert" });
    expect(res.json().message).toContain(unknownAlert);
    expect((await call("POST", "/api/v1/cases", { title: "   " })).statusCode).toBe(422);
    expect((await call("POST", "/api/v1/cases", {})).statusCode).toBe(422);
    expect((await call("POST", "/api/v1/cases", { title: "x", alert_ids: ["nope"] })).statusCode).toBe(422);
    expect((await call("POST", "/api/v1/cases", { title: "x", extra: 1 })).statusCode).toBe(422);
    const c = await create({ title: "Bad input" });
    expect((await call("PATCH", `/api/v1/cases/${c.id}`, {})).statusCode).toBe(422);
    expect((await call("PATCH", `/api/v1/cases/${c.id}`, { closing_reason: "benign" })).statusCode).toBe(422);
    const nobody = await call("PATCH", `/api/v1/cases/${c.id}`, { assignee_id: unknownAlert });
    expect(nobody.json().details[0].type).toBe("unknown_user");
    expect(
      (await call("POST", `/api/v1/cases/${c.id}/events`, { event_ids: [unknownAlert] })).statusCode,
    ).toBe(422);
    expect((await call("POST", `/api/v1/cases/${c.id}/notes`, { body: "" })).statusCode).toBe(422);
    expect((await call("GET", `/api/v1/cases/${unknownAlert}`)).statusCode).toBe(404);
    expect((await call("GET", "/api/v1/cases/not-a-uuid")).statusCode).toBe(404);
    expect((await call("DELETE", `/api/v1/cases/${c.id}/tasks/${unknownAlert}`)).statusCode).toBe(404);
    expect((await call("GET", "/api/v1/cases?status=pending")).statusCode).toBe(422);
    expect((await t.call("GET", "/api/v1/cases", {})).statusCode).toBe(401);
  });

  it("unlinks an alert and unpins an event; 404 for what the case does not hold", async () => {
    const c = await create({ alert_ids: [alertIds[0], alertIds[1]] });
    await call("POST", `/api/v1/cases/${c.id}/events`, { event_ids: [eventIds[0], eventIds[0]] });
    const unlinked = await call("DELETE", `/api/v1/cases/${c.id}/alerts/${alertIds[0]}`);
    expect(unlinked.statusCode).toBe(200);
    expect(unlinked.json().alerts.map((a: { id: string }) => a.id)).toEqual([alertIds[1]]);
    expect(unlinked.json().observables).toEqual(c.observables); // what it brought stays
    expect((await call("DELETE", `/api/v1/cases/${c.id}/alerts/${alertIds[0]}`)).statusCode).toBe(404);
    const unpinned = await call("DELETE", `/api/v1/cases/${c.id}/events/${eventIds[0]}`);
    expect(unpinned.json().events).toEqual([]);
    expect((await call("DELETE", `/api/v1/cases/${c.id}/events/${eventIds[0]}`)).statusCode).toBe(404);
    const again = await call("POST", `/api/v1/cases/${c.id}/alerts`, { alert_ids: [alertIds[1]] });
    expect(again.statusCode).toBe(201); // already linked: nothing changes, nothing is audited
    const audit = await t.call("GET", `/api/v1/audit?target_id=${c.id}&per_page=100`, await t.as("admin"));
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === "case.alerts_added")).toEqual([]);
    expect(actions).toEqual(
      expect.arrayContaining(["case.alert_removed", "case.events_pinned", "case.event_unpinned"]),
    );
  });

  it("assigns a case to a user, by name on the timeline", async () => {
    const c = await create({ title: "Assign" });
    const me = (await t.ctx.users.findByUsername("analyst1"))!.id;
    const res = (await call("PATCH", `/api/v1/cases/${c.id}`, { assignee_id: me })).json() as CaseDetail;
    expect(res.assignee).toBe("analyst1");
    expect(res.timeline.at(-1)).toMatchObject({
      kind: "change",
      text: "assignee",
      from: null,
      to: "analyst1",
    });
    expect(
      (await call("GET", "/api/v1/cases?assignee=me")).json().items.map((i: { id: string }) => i.id),
    ).toContain(c.id);
  });

  it("reports a case as self-contained HTML with every value escaped", async () => {
    const c = await create({
      title: "<img src=x onerror=alert(1)>",
      description: "</pre><script>alert(2)</script>",
    });
    await call("POST", `/api/v1/cases/${c.id}/notes`, { body: "<script>alert('xss')</script>" });
    const res = await call("GET", `/api/v1/cases/${c.id}/report`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).not.toContain("<img");
    expect(res.body).toContain("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;");
    expect(res.body).not.toMatch(/<[^>]*\s(src|href)=/i);
  });

  it("writes the report's times in the reader's time zone, UTC when they chose none", async () => {
    const c = await create({ title: "Zone check" });
    const created = new Date(c.created_at);
    const shown = (timeZone: string) =>
      new Intl.DateTimeFormat("sv-SE", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        timeZoneName: "short",
      }).format(created);
    expect((await call("GET", `/api/v1/cases/${c.id}/report`)).body).toContain(`${shown("UTC")} by`);
    const prefer = (time_zone: string | null) => call("PATCH", "/api/v1/auth/me/preferences", { time_zone });
    expect((await prefer("Asia/Tokyo")).statusCode).toBe(200);
    try {
      const body = (await call("GET", `/api/v1/cases/${c.id}/report`)).body;
      expect(body).toContain(`${shown("Asia/Tokyo")} by`);
      expect(shown("Asia/Tokyo")).not.toBe(shown("UTC"));
    } finally {
      await prefer(null);
    }
  });
});
