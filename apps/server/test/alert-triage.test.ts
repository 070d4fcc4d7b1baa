import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

interface ListedAlert {
  id: string;
  title: string;
  group_value: string;
  severity: string;
  status: string;
  site_id: string;
  assignee: string | null;
  assignee_id: string | null;
  entities: string[];
}

describe("alert triage at scale: assignee, notes, bulk, filters, groups, related alerts", () => {
  let t: TestApp;
  let analyst: { authorization: string };
  let supervisor: { authorization: string };
  let analystId: string;
  let supervisorId: string;
  let bruteRule: string;
  let hostRule: string;
  const updates: { id: string; status: string; assignee: string | null }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    const h = detectionHelpers(t);
    analyst = await t.as("analyst");
    supervisor = await t.as("supervisor");
    analystId = (await t.ctx.users.findByUsername("analyst1"))!.id;
    supervisorId = (await t.ctx.users.findByUsername("supervisor1"))!.id;
    await t.ctx.engine.start();
    bruteRule = (
      await h.createRule({
        name: "Triage brute force",
        description: "Two failures from one address",
        rule_type: "threshold",
        severity: "high",
        mitre_tactics: ["credential_access"],
        mitre_techniques: ["T1110"],
        conditions: {
          event_filter: { event_type: "triage_probe" },
          threshold: 2,
          window_seconds: 60,
          group_by: "source_ip",
        },
      })
    ).id;
    hostRule = (
      await h.createRule({
        name: "Triage host 100%",
        rule_type: "threshold",
        severity: "low",
        conditions: {
          event_filter: { event_type: "host_probe" },
          threshold: 1,
          window_seconds: 60,
          group_by: "hostname",
        },
      })
    ).id;
    for (const [n, host, user, site] of [
      [1, "ws-01", "alice", "AUDIO_001"],
      [2, "ws-02", "bob", "AUDIO_002"],
      [3, "ws-03", "carol", "AUDIO_002"],
    ] as const) {
      const event = {
        source_type: "auth",
        event_type: "triage_probe",
        source_ip: `10.1.0.${n}`,
        hostname: host,
        username: user,
        site_id: site,
      };
      await h.ingest([event, event]);
      await h.settle();
    }
    await h.ingest([
      { source_type: "endpoint", event_type: "host_probe", hostname: "WS-01", site_id: "AUDIO_001" },
    ]);
    await h.settle();
    t.ctx.bus.subscribe("alert.updated", ({ alert }) => {
      updates.push(alert as (typeof updates)[number]);
    });
  });
  afterAll(() => t.close());

  const get = async (url: string, headers = analyst) => {
    const res = await t.app.inject({ url, headers });
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  const list = async (query: string): Promise<ListedAlert[]> => (await get(`/api/v1/alerts${query}`)).items;
  const alertFor = async (ip: string) =>
    (await list(`?rule_id=${bruteRule}`)).find((a) => a.group_value.endsWith(ip))!;
  const auditOf = async (id: string) =>
    (await get(`/api/v1/audit?target_id=${id}&per_page=100`, await t.as("admin"))).items.map(
      (entry: { actor: string; action: string; details: Record<string, unknown> }) => entry,
    );

  it("every alert keeps the hosts, addresses and users it involves", async () => {
    const alert = await alertFor("10.1.0.1");
    expect(alert.entities).toEqual(["ip:10.1.0.1", "host:ws-01", "user:alice"]);
    const [host] = await list(`?rule_id=${hostRule}`);
    expect(host!.entities).toEqual(["host:ws-01"]);
  });

  it("assigns an alert to a user and back to nobody, on its timeline and in the audit log", async () => {
    const alert = await alertFor("10.1.0.1");
    const assign = (assignee_id: string | null, headers = analyst) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/v1/alerts/${alert.id}/assignee`,
        headers,
        payload: { assignee_id },
      });
    const mine = await assign(analystId);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ assignee_id: analystId, assignee: "analyst1", status: "new" });
    expect(mine.json().assigned_at).toEqual(expect.any(String));
    expect((await assign(analystId)).statusCode).toBe(200); // the same assignee: nothing recorded
    expect((await assign(supervisorId, supervisor)).json().assignee).toBe("supervisor1");

    const unknown = await assign("0190a0e0-0000-7000-8000-000000000000");
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().details[0]).toMatchObject({ field: "assignee_id", type: "unknown_user" });
    expect((await assign("not-a-user" as string)).statusCode).toBe(422);

    const detail = await get(`/api/v1/alerts/${alert.id}`);
    expect(detail.history).toEqual([
      expect.objectContaining({ kind: "assignment", by: "analyst1", from: null, assignee: "analyst1" }),
      expect.objectContaining({ kind: "assignment", by: "supervisor1", from: null, assignee: "supervisor1" }),
    ]);
    expect((await auditOf(alert.id)).map((e: { action: string }) => e.action)).toEqual([
      "alert.assigned",
      "alert.assigned",
    ]);
    const cleared = await assign(null);
    expect(cleared.json()).toMatchObject({ assignee_id: null, assignee: null, assigned_at: null });
    expect(updates.filter((u) => u.id === alert.id).map((u) => u.assignee)).toEqual([
      "analyst1",
      "supervisor1",
      null,
    ]);
  });

  it("adds a note without changing the status", async () => {
    const alert = await alertFor("10.1.0.2");
    const note = await t.app.inject({
      method: "POST",
      url: `/api/v1/alerts/${alert.id}/notes`,
      headers: analyst,
      payload: { notes: "  Called the site: a new employee mistyping  " },
    });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ status: "new", notes: "Called the site: a new employee mistyping" });
    const { history } = await get(`/api/v1/alerts/${alert.id}`);
    expect(history).toEqual([
      expect.objectContaining({
        kind: "note",
        by: "analyst1",
        notes: "Called the site: a new employee mistyping",
      }),
    ]);
    expect(await auditOf(alert.id)).toEqual([
      expect.objectContaining({
        actor: "analyst1",
        action: "alert.note_added",
        details: { notes: "Called the site: a new employee mistyping" },
      }),
    ]);
    for (const payload of [{ notes: "   " }, {}, { notes: "x".repeat(5001) }]) {
      const bad = await t.app.inject({
        method: "POST",
        url: `/api/v1/alerts/${alert.id}/notes`,
        headers: analyst,
        payload,
      });
      expect(bad.statusCode).toBe(422);
    }
    const missing = await t.app.inject({
      method: "POST",
      url: "/api/v1/alerts/nope/notes",
      headers: analyst,
      payload: { notes: "x" },
    });
    expect(missing.statusCode).toBe(404);
  });

  it("changes many alerts in one call, with the outcome of each, audited per alert", async () => {
    const ids = (await list(`?rule_id=${bruteRule}`)).map((a) => a.id);
    expect(ids).toHaveLength(3);
    const unknown = "0190a0e0-0000-7000-8000-000000000000";
    const bulk = (payload: object, headers = analyst) =>
      t.app.inject({ method: "POST", url: "/api/v1/alerts/bulk", headers, payload });
    const res = await bulk({
      ids: [...ids, unknown, "nope"],
      status: "investigating",
      assignee_id: analystId,
    });
    expect(res.statusCode).toBe(207);
    const body = res.json();
    expect(body).toMatchObject({ updated: 3, unchanged: 0, failed: 2 });
    expect(body.results.slice(3)).toEqual([
      { id: unknown, outcome: "failed", status_code: 404, error: "NotFound", message: "Alert not found" },
      { id: "nope", outcome: "failed", status_code: 404, error: "NotFound", message: "Alert not found" },
    ]);
    for (const result of body.results.slice(0, 3))
      expect(result.alert).toMatchObject({ status: "investigating", assignee: "analyst1" });
    const audit = await auditOf(ids[2]!);
    expect(
      audit.map((e: { action: string; details: { bulk?: boolean } }) => [e.action, e.details.bulk]),
    ).toEqual(
      expect.arrayContaining([
        ["alert.status_changed", true],
        ["alert.assigned", true],
      ]),
    );

    const again = await bulk({ ids, status: "investigating", assignee_id: analystId });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ updated: 0, unchanged: 3, failed: 0 });
    const noted = await bulk({ ids: ids.slice(0, 2), notes: "Same source network" }, supervisor);
    expect(noted.json()).toMatchObject({ updated: 2, failed: 0 });

    expect((await bulk({ ids })).statusCode).toBe(422);
    expect((await bulk({ ids: [], status: "resolved" })).statusCode).toBe(422);
    expect((await bulk({ ids: Array(501).fill(unknown), status: "resolved" })).statusCode).toBe(422);
    expect((await bulk({ ids, status: "closed" })).statusCode).toBe(422);
    expect((await bulk({ ids, assignee_id: unknown })).statusCode).toBe(422);
    expect((await bulk({ ids, status: "resolved" }, {} as typeof analyst)).statusCode).toBe(401);
  });

  it("filters by status and severity lists, rule, group, site, assignee, time overlap and text", async () => {
    const titles = async (query: string) => (await list(query)).map((a) => a.title).sort();
    expect(await titles("?assignee=me")).toHaveLength(3);
    expect(await titles("?assignee=unassigned")).toEqual(["Triage host 100% [AUDIO_001 / WS-01]"]);
    expect(await titles(`?assignee=${supervisorId}`)).toEqual([]);
    expect(await titles("?status=new,acknowledged")).toEqual(["Triage host 100% [AUDIO_001 / WS-01]"]);
    expect(await titles("?severity=low,critical")).toEqual(["Triage host 100% [AUDIO_001 / WS-01]"]);
    expect(await titles("?site_id=AUDIO_002&q=BRUTE")).toHaveLength(2);
    expect(await titles("?q=10.1.0.3")).toEqual(["Triage brute force [AUDIO_002 / 10.1.0.3]"]);
    expect(await titles("?q=100%25")).toEqual(["Triage host 100% [AUDIO_001 / WS-01]"]);
    expect(await titles("?q=10_1")).toEqual([]); // `_` is a character, not a wildcard
    expect(await titles(`?group_value=${encodeURIComponent("AUDIO_002 / 10.1.0.2")}`)).toHaveLength(1);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    expect(await titles(`?from=${hourAgo}&to=${soon}`)).toHaveLength(4);
    expect(await titles(`?from=${soon}`)).toEqual([]);
    expect(await titles(`?to=${hourAgo}`)).toEqual([]);
    for (const bad of ["?status=open", "?severity=", "?assignee=bob", "?from=yesterday", "?sort=nope"]) {
      const res = await t.app.inject({ url: `/api/v1/alerts${bad}`, headers: analyst });
      expect(res.statusCode, bad).toBe(422);
    }
  });

  it("sorts on any listed key, ties newest first", async () => {
    const order = async (query: string) => (await list(query)).map((a) => a.severity);
    expect(await order("?sort=severity&order=asc")).toEqual(["low", "high", "high", "high"]);
    expect(await order("?sort=severity")).toEqual(["high", "high", "high", "low"]);
    const byTitle = (await list("?sort=title&order=asc")).map((a) => a.group_value);
    expect(byTitle).toEqual([
      "AUDIO_001 / 10.1.0.1",
      "AUDIO_002 / 10.1.0.2",
      "AUDIO_002 / 10.1.0.3",
      "AUDIO_001 / WS-01",
    ]);
    const newest = await list("");
    expect((await list("?sort=created_at&order=asc")).map((a) => a.id)).toEqual(
      newest.map((a) => a.id).reverse(),
    );
  });

  it("counts alerts per rule and per rule and group", async () => {
    const byRule = await get("/api/v1/alerts/groups?by=rule");
    expect(byRule).toMatchObject({ total: 2, page: 1 });
    expect(byRule.items[0]).toMatchObject({
      rule_id: bruteRule,
      rule_name: "Triage brute force",
      group_value: null,
      count: 3,
      open_count: 3,
      unassigned_open_count: 0,
      severity: "high",
    });
    expect(byRule.items[1]).toMatchObject({ rule_id: hostRule, count: 1, unassigned_open_count: 1 });
    const byGroup = await get(`/api/v1/alerts/groups?by=rule_group&rule_id=${bruteRule}&per_page=2`);
    expect(byGroup).toMatchObject({ total: 3, pages: 2 });
    expect(byGroup.items[0]).toMatchObject({ rule_id: bruteRule, count: 1 });
    expect(byGroup.items[0].group_value).toMatch(/^AUDIO_00\d \/ 10\.1\.0\.\d$/);
    const past = await get(`/api/v1/alerts/groups?by=rule_group&rule_id=${bruteRule}&per_page=2&page=3`);
    expect(past).toMatchObject({ items: [], total: 3 });
    expect((await get("/api/v1/alerts/groups?severity=low")).items).toHaveLength(1);
    const bad = await t.app.inject({ url: "/api/v1/alerts/groups?by=site", headers: analyst });
    expect(bad.statusCode).toBe(422);
  });

  it("finds related alerts on the same host, address or user, and shows the rule in the detail", async () => {
    const alert = await alertFor("10.1.0.1");
    const related = await get(`/api/v1/alerts/${alert.id}/related`);
    expect(related.entities).toEqual(["ip:10.1.0.1", "host:ws-01", "user:alice"]);
    expect(related.items).toEqual([expect.objectContaining({ rule_id: hostRule, shared: ["host:ws-01"] })]);
    expect((await get(`/api/v1/alerts/${(await alertFor("10.1.0.3")).id}/related`)).items).toEqual([]);
    const missing = await t.app.inject({ url: "/api/v1/alerts/nope/related", headers: analyst });
    expect(missing.statusCode).toBe(404);

    const { alert: detail } = await get(`/api/v1/alerts/${alert.id}`);
    expect(detail.rule).toEqual({
      id: bruteRule,
      name: "Triage brute force",
      description: "Two failures from one address",
      rule_type: "threshold",
      enabled: true,
      severity: "high",
      author: null,
      sigma_id: null,
      mitre_tactics: ["credential_access"],
      mitre_techniques: ["T1110"],
    });
    const assignees = await get("/api/v1/alerts/assignees");
    expect(assignees.map((u: { username: string }) => u.username)).toEqual([
      "admin",
      "analyst1",
      "supervisor1",
    ]);
    expect(Object.keys(assignees[0]).sort()).toEqual(["id", "username"]);
  });

  it("a bulk change refused for one alert (reopening beside an open duplicate) still changes the others", async () => {
    const h = detectionHelpers(t);
    const carol = await alertFor("10.1.0.3");
    const [host] = await list(`?rule_id=${hostRule}`);
    const bulk = (payload: object) =>
      t.app.inject({ method: "POST", url: "/api/v1/alerts/bulk", headers: analyst, payload });
    expect((await bulk({ ids: [carol.id, host!.id], status: "resolved" })).json()).toMatchObject({
      updated: 2,
    });
    // The same address fires again later (past the cooldown): a new open alert for the group.
    const later = new Date(Date.now() + 600_000).toISOString();
    const event = {
      source_type: "auth",
      event_type: "triage_probe",
      source_ip: "10.1.0.3",
      site_id: "AUDIO_002",
      timestamp: later,
    };
    await h.ingest([event, event]);
    await h.settle();
    const res = await bulk({ ids: [carol.id, host!.id], status: "new", notes: "Reopened for review" });
    expect(res.statusCode).toBe(207);
    expect(res.json().results).toEqual([
      expect.objectContaining({ id: carol.id, outcome: "failed", status_code: 409, error: "ConflictError" }),
      expect.objectContaining({
        id: host!.id,
        outcome: "updated",
        alert: expect.objectContaining({ status: "new" }),
      }),
    ]);
    const { history } = await get(`/api/v1/alerts/${carol.id}`);
    expect(history.at(-1)).toMatchObject({ kind: "status", to: "resolved" }); // nothing of the refused change kept
    expect((await get(`/api/v1/alerts/${host!.id}`)).history.at(-1)).toMatchObject({
      kind: "status",
      from: "resolved",
      to: "new",
      notes: "Reopened for review",
    });
  });
});
