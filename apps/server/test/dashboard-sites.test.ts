import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertCounts } from "../src/modules/dashboard/alert-counts.ts";
import { ManualClock } from "../src/platform/clock.ts";
import { NOW } from "./dashboard-fixture.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("sites: statistics and health over time", () => {
  let t: TestApp;
  let headers: { authorization: string };
  const clock = new ManualClock(new Date(NOW));
  const site = async (id: string) => (await t.app.inject({ url: `/api/v1/sites/${id}`, headers })).json();
  const ingest = (events: object[]) => t.ingest(events);
  const at = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    // TEST_UNREGISTERED is a site id seen in events only: the server accepts unknown sites.
    t = await startTestApp({ VIGIE_UNKNOWN_SITES: "accept" }, { clock });
    headers = await t.as("analyst");
    await t.ctx.db.pool.query(
      "INSERT INTO sites (id, name, description) VALUES ('TEST_A', 'Centre A', 'first'), ('TEST_IDLE', 'Idle centre', null) ON CONFLICT (id) DO NOTHING",
    );
    await ingest([
      ...[10, 20, 30].map((m) => ({
        source_type: "auth",
        severity: "high",
        site_id: "TEST_A",
        source_ip: "10.0.0.1",
        timestamp: at(NOW - m * MINUTE),
      })),
      { source_type: "auth", severity: "low", site_id: "TEST_A", timestamp: at(NOW - 3 * 24 * HOUR) },
      { source_type: "dns", severity: "info", site_id: "TEST_UNREGISTERED", timestamp: at(NOW - 5 * HOUR) },
    ]);
  });
  afterAll(() => t.close());

  it("lists registered sites and sites seen in events, with counts by severity, rate and last event", async () => {
    const list = await (await t.app.inject({ url: "/api/v1/sites", headers })).json();
    const ids = list.map((s: { site_id: string }) => s.site_id);
    expect(ids).toEqual([...ids].sort());
    expect(list.find((s: { site_id: string }) => s.site_id === "TEST_A")).toMatchObject({
      name: "Centre A",
      description: "first",
      registered: true,
      health: "online",
      last_event_at: at(NOW - 10 * MINUTE),
      events_per_minute: 0.05,
      total_events: 4,
      events_last_24h: 3,
      events_by_severity: { critical: 0, high: 3, medium: 0, low: 1, info: 0 },
      events_by_severity_24h: { critical: 0, high: 3, medium: 0, low: 0, info: 0 },
      open_alerts: 0,
    });
    expect(list.find((s: { site_id: string }) => s.site_id === "TEST_UNREGISTERED")).toMatchObject({
      registered: false,
      name: null,
      health: "degraded",
      total_events: 1,
    });
    expect(list.find((s: { site_id: string }) => s.site_id === "TEST_IDLE")).toMatchObject({
      health: "offline",
      last_event_at: null,
      total_events: 0,
      events_per_minute: 0,
    });
  });

  it("moves from online to degraded after an hour of silence, to offline after a day, and back online on the next event", async () => {
    clock.set(new Date(NOW + 49 * MINUTE));
    expect((await site("TEST_A")).health).toBe("online");
    clock.set(new Date(NOW + 50 * MINUTE));
    expect((await site("TEST_A")).health).toBe("degraded");
    clock.set(new Date(NOW + 23.5 * HOUR));
    expect(await site("TEST_A")).toMatchObject({
      health: "degraded",
      events_last_24h: 3,
      events_per_minute: 0,
    });
    clock.set(new Date(NOW + 24 * HOUR - 10 * MINUTE - 1));
    expect(await site("TEST_A")).toMatchObject({ health: "degraded", events_last_24h: 1 });
    clock.set(new Date(NOW + 24 * HOUR - 10 * MINUTE));
    expect(await site("TEST_A")).toMatchObject({ health: "offline", events_last_24h: 1 });
    await ingest([
      {
        source_type: "auth",
        severity: "critical",
        site_id: "TEST_A",
        timestamp: at(clock.now().getTime() - MINUTE),
      },
    ]);
    expect(await site("TEST_A")).toMatchObject({
      health: "online",
      total_events: 5,
      events_by_severity: { critical: 1 },
    });
    clock.set(new Date(NOW));
  });

  it("answers 404 for a site that is neither registered nor seen", async () => {
    const res = await t.app.inject({ url: "/api/v1/sites/NOPE", headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe("NotFound");
    expect((await t.app.inject({ url: "/api/v1/sites/TEST_IDLE", headers })).statusCode).toBe(200);
  });

  it("counts open alerts per site and on the dashboard (new + acknowledged + investigating)", async () => {
    const insert = (status: string, siteId: string | null) =>
      t.ctx.db.pool.query(
        `INSERT INTO alerts (id, rule_id, rule_name, severity, title, group_value, matched_event_count, first_seen, last_seen, status, site_id, created_at, updated_at)
         VALUES ($1, $2, 'r', 'high', 't', $4, 1, $3, $3, $4, $5, $3, $3)`,
        [randomUUID(), randomUUID(), new Date(NOW - HOUR), status, siteId],
      );
    for (const [status, siteId] of [
      ["new", "TEST_A"],
      ["acknowledged", "TEST_A"],
      ["resolved", "TEST_A"],
      ["investigating", null],
    ] as const) {
      await insert(status, siteId);
    }
    expect((await site("TEST_A")).open_alerts).toBe(2);
    const summary = (await t.app.inject({ url: "/api/v1/dashboard", headers })).json();
    expect(summary).toMatchObject({
      total_alerts: 4,
      open_alerts: 3,
      alerts_by_status: { new: 1, acknowledged: 1, investigating: 1, resolved: 1, false_positive: 0 },
    });
    const scoped = (await t.app.inject({ url: "/api/v1/dashboard?site_id=TEST_A", headers })).json();
    expect(scoped).toMatchObject({ total_alerts: 3, open_alerts: 2 });
    const before = (
      await t.app.inject({ url: `/api/v1/dashboard?to=${at(NOW - 2 * HOUR)}`, headers })
    ).json();
    expect(before.total_alerts).toBe(0);
  });

  it("reads zero alerts, without failing, while the alerts table does not exist", async () => {
    await t.ctx.db.pool.query("ALTER TABLE alerts RENAME TO alerts_hidden");
    try {
      const counts = new AlertCounts(t.ctx.db);
      expect(await counts.byStatus()).toEqual({
        new: 0,
        acknowledged: 0,
        investigating: 0,
        resolved: 0,
        false_positive: 0,
      });
      expect((await counts.openBySite(["TEST_A"])).size).toBe(0);
    } finally {
      await t.ctx.db.pool.query("ALTER TABLE alerts_hidden RENAME TO alerts");
    }
  });
});

describe("dashboards on an empty database", () => {
  let t: TestApp;
  let headers: { authorization: string };
  const get = async (url: string) => (await t.app.inject({ url, headers })).json();
  beforeAll(async () => {
    t = await startTestApp({}, { clock: new ManualClock(new Date(NOW)) });
    headers = await t.as("analyst");
  });
  afterAll(() => t.close());

  it("answers zeros, zero-filled buckets and empty lists", async () => {
    expect(await get("/api/v1/dashboard")).toMatchObject({
      total_events: 0,
      total_alerts: 0,
      open_alerts: 0,
    });
    expect(
      (await get("/api/v1/dashboard/severity-breakdown")).map((b: { count: number }) => b.count),
    ).toEqual([0, 0, 0, 0, 0]);
    const timeline = await get("/api/v1/dashboard/timeline");
    expect(timeline).toHaveLength(96);
    expect(timeline.every((b: { count: number }) => b.count === 0)).toBe(true);
    expect(await get("/api/v1/dashboard/top-sources")).toEqual([]);
    expect((await get("/api/v1/dashboard/heatmap?days=7")).length).toBe(7 * 24);
    const stats = await get("/api/dashboard/stats");
    expect(stats).toMatchObject({
      total_events: 0,
      events_last_24h: 0,
      critical_open: 0,
      by_status: { new: 0 },
      by_severity: { critical: 0 },
    });
    expect((await get("/api/dashboard/trends")).hourly).toHaveLength(168);
    for (const s of (await get("/api/dashboard/sites")).sites) expect(s.total).toBe(0);
    for (const s of await get("/api/v1/sites"))
      expect(s).toMatchObject({ health: "offline", total_events: 0, last_event_at: null });
  });
});
