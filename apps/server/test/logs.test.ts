import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexNextSlice, searchBacklog } from "../src/ingest/search-indexer.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const EVENTS = [
  {
    source_type: "auth",
    event_type: "login_failure",
    source_ip: "10.1.0.5",
    username: "alice",
    hostname: "audio001-srv",
    site_id: "AUDIO_001",
    message: "Failed password for alice",
    timestamp: "2026-11-20T10:00:00Z",
  },
  {
    source_type: "auth",
    event_type: "login_success",
    source_ip: "10.1.0.5",
    username: "alice",
    hostname: "audio001-srv",
    site_id: "AUDIO_001",
    message: "Accepted password",
    timestamp: "2026-11-20T10:05:00Z",
  },
  {
    source_type: "firewall",
    event_type: "firewall_deny",
    source_ip: "203.0.113.9",
    dest_ip: "10.1.0.5",
    dest_port: 22,
    site_id: "AUDIO_002",
    message: "Blocked inbound SSH",
    timestamp: "2026-11-20T11:00:00Z",
  },
  {
    source_type: "dns",
    event_type: "dns_query",
    source_ip: "10.2.0.7",
    query: "aGVsbG8.exfil-cdn.example",
    site_id: "AUDIO_002",
    timestamp: "2026-11-19T23:30:00Z",
  },
  {
    source_type: "endpoint",
    event_type: "process_start",
    hostname: "audio003-ws1",
    username: "bob",
    command_line: "powershell -enc SQBFAFgA",
    site_id: "AUDIO_003",
    message: "Suspicious powershell",
    timestamp: "2026-11-21T01:00:00Z",
  },
];

describe("events API", () => {
  let t: TestApp;
  let analyst: { authorization: string };
  const get = async (url: string) => t.app.inject({ url, headers: analyst });

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650" });
    analyst = await t.as("analyst");
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/batch",
      headers: t.ingestHeaders,
      payload: { events: EVENTS },
    });
    expect(res.json().created).toBe(EVENTS.length);
  });
  afterAll(() => t.close());

  it("needs a signed-in user", async () => {
    expect((await t.app.inject({ url: "/api/v1/logs" })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: "/api/v1/logs", headers: { authorization: "Bearer x.y.z" } })).statusCode,
    ).toBe(401);
  });

  it("lists newest first with the contract's pagination", async () => {
    const body = (await get("/api/v1/logs?per_page=2&page=2")).json();
    expect(body).toMatchObject({ total: 5, page: 2, per_page: 2, pages: 3 });
    expect(body.items.map((e: { timestamp: string }) => e.timestamp)).toEqual([
      "2026-11-20T10:05:00.000Z",
      "2026-11-20T10:00:00.000Z",
    ]);
  });

  it.each([
    ["source_type=auth", 2],
    ["severity=medium", 3],
    ["source_ip=10.1.0.5", 2],
    ["dest_ip=10.1.0.5", 1],
    ["event_type=dns_query", 1],
    ["site_id=AUDIO_002", 2],
    ["status=new", 5],
    ["hostname=audio001-srv", 2],
    ["username=bob", 1],
    ["from=2026-11-20T00:00:00Z&to=2026-11-20T23:59:59Z", 3],
    ["from=2026-11-20T12:00:00%2B02:00", 4],
    ["site_id=AUDIO_001&event_type=login_success", 1],
  ])("filters by %s", async (query, expected) => {
    expect((await get(`/api/v1/logs?${query}`)).json().total).toBe(expected);
  });

  it("refuses bad filters and pagination with 422", async () => {
    for (const q of [
      "severity=urgent",
      "page=0",
      "per_page=201",
      "from=yesterday",
      "scenario_run_id=42",
      "status=closed",
    ]) {
      const res = await get(`/api/v1/logs?${q}`);
      expect(res.statusCode, q).toBe(422);
      expect(res.json().error).toBe("ValidationError");
    }
  });

  const searchTotals = async () => {
    const totals: Record<string, number> = {};
    for (const q of ["powershell", "exfil-cdn.example", "aGVsbG8.exfil-cdn.example", "203.0.113.9", "alice"])
      totals[q] = (await get(`/api/v1/logs/search?q=${q}`)).json().total;
    return totals;
  };
  const expectedTotals = {
    powershell: 1,
    "exfil-cdn.example": 0,
    "aGVsbG8.exfil-cdn.example": 1,
    "203.0.113.9": 1,
    alice: 2,
  };

  it("searches free text over message, normalized values, IPs and hosts as soon as ingest answers", async () => {
    expect(await searchBacklog(t.ctx.db)).toBe(EVENTS.length);
    expect(await searchTotals()).toEqual(expectedTotals);
  });

  it("finds the same events, once each, after the indexer moved them into the full-text index", async () => {
    while ((await indexNextSlice(t.ctx.db)) !== null);
    expect(await searchBacklog(t.ctx.db)).toBe(0);
    const indexed = await t.ctx.db.pool.query("SELECT count(*)::int AS n FROM event_search");
    expect(indexed.rows[0].n).toBe(EVENTS.length);
    expect(await searchTotals()).toEqual(expectedTotals);
  });

  it("supports field:value AND text, and survives regex-looking queries", async () => {
    expect((await get("/api/v1/logs/search?q=site_id:AUDIO_001%20AND%20accepted")).json().total).toBe(1);
    expect((await get('/api/v1/logs/search?q=username:"alice"')).json().total).toBe(2);
    for (const q of ["[a-z]+$", "\\", "!!!", "a:b:c", "%_"]) {
      expect((await get(`/api/v1/logs/search?q=${encodeURIComponent(q)}`)).statusCode, q).toBe(200);
    }
    for (const q of ["(.*", "' OR 1=1 --"]) {
      expect((await get(`/api/v1/logs/search?q=${encodeURIComponent(q)}`)).statusCode, q).toBe(422);
    }
    expect((await get("/api/v1/logs/search")).statusCode).toBe(422);
  });

  it("pivots on an IP (source or destination), a user or a host", async () => {
    const byIp = (await get("/api/v1/logs/pivot?ip=10.1.0.5")).json();
    expect(byIp).toHaveLength(3);
    expect((await get("/api/v1/logs/pivot?username=alice")).json()).toHaveLength(2);
    expect((await get("/api/v1/logs/pivot?hostname=audio003-ws1")).json()).toHaveLength(1);
    expect((await get("/api/v1/logs/pivot")).statusCode).toBe(422);
    expect((await get("/api/v1/logs/pivot?ip=a&username=b")).statusCode).toBe(422);
  });

  it("gets one event; malformed and unknown ids are 404", async () => {
    const id = (await get("/api/v1/logs?per_page=1")).json().items[0].id;
    expect((await get(`/api/v1/logs/${id}`)).json().id).toBe(id);
    expect((await get("/api/v1/logs/not-a-uuid")).statusCode).toBe(404);
    expect((await get("/api/v1/logs/01a1fd64-2a66-72af-9da7-408f40360ba3")).statusCode).toBe(404);
  });

  it("triages an event (status and assignment) and publishes the update", async () => {
    const id = (await get("/api/v1/logs?username=bob")).json().items[0].id;
    const updates: string[] = [];
    const off = t.ctx.bus.subscribe("event.updated", ({ event }) => void updates.push(event.id));
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/logs/${id}/status`,
      headers: analyst,
      payload: { status: "investigating", assigned_to: "analyst1" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "investigating", assigned_to: "analyst1" });
    await new Promise((r) => setTimeout(r, 20));
    off();
    expect(updates).toContain(id);
    expect((await get("/api/v1/logs?status=investigating")).json().total).toBe(1);
    for (const payload of [{}, { status: "closed" }]) {
      expect(
        (await t.app.inject({ method: "PATCH", url: `/api/v1/logs/${id}/status`, headers: analyst, payload }))
          .statusCode,
      ).toBe(422);
    }
    expect(
      (
        await t.app.inject({
          method: "PATCH",
          url: "/api/v1/logs/zzz/status",
          headers: analyst,
          payload: { status: "resolved" },
        })
      ).statusCode,
    ).toBe(404);
  });

  it("answers unknown routes 404 and wrong methods 405 in the contract's shape", async () => {
    expect((await t.app.inject({ url: "/api/v1/nope" })).json()).toEqual({
      error: "NotFound",
      message: "Endpoint not found",
    });
    const res = await t.app.inject({ method: "DELETE", url: "/api/v1/logs", headers: analyst });
    expect(res.statusCode).toBe(405);
    expect(res.json().error).toBe("MethodNotAllowed");
  });
});
