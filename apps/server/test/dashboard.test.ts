import { SEVERITIES, SOURCE_TYPES } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/platform/clock.ts";
import { countWhere, dashboardFixture, NOW, seededRandom, within } from "./dashboard-fixture.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const events = dashboardFixture();

describe("dashboards on a known data set", () => {
  let t: TestApp;
  let headers: { authorization: string };
  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await startTestApp({}, { clock: new ManualClock(new Date(NOW)) });
    headers = await t.as("analyst");
    const body = { events: events.map(({ at: _at, ...e }) => e) };
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/batch",
      headers: t.ingestHeaders,
      payload: body,
    });
    expect(res.json().created).toBe(events.length);
  });
  afterAll(() => t.close());

  it("counts every event by severity, natively and in the AudioSOC v1 API's shapes, and both agree with the events list", async () => {
    const summary = await get("/api/v1/dashboard");
    const stats = await get("/api/dashboard/stats");
    const list = await get("/api/v1/logs?per_page=1");
    expect(summary.total_events).toBe(events.length);
    expect(stats.total_events).toBe(events.length);
    expect(list.total).toBe(events.length);
    for (const severity of SEVERITIES) {
      const expected = countWhere(events, (e) => e.severity === severity);
      expect(
        summary.severity_breakdown.find((b: { severity: string }) => b.severity === severity).count,
      ).toBe(expected);
      expect(stats.by_severity[severity]).toBe(expected);
    }
    expect(summary.severity_breakdown.map((b: { severity: string }) => b.severity)).toEqual([...SEVERITIES]);
    for (const source of SOURCE_TYPES)
      expect(stats.by_source[source]).toBe(countWhere(events, (e) => e.source_type === source));
    expect(stats.by_status).toEqual({ new: events.length, investigating: 0, resolved: 0, false_positive: 0 });
    expect(stats.events_last_24h).toBe(countWhere(events, within(NOW - DAY, Infinity)));
    expect(await get("/api/v1/dashboard/severity-breakdown")).toEqual(summary.severity_breakdown);
  });

  it("gives per-site totals that add up to the same numbers in both contracts", async () => {
    const audioSoc = (await get("/api/dashboard/sites")).sites;
    const native = await get("/api/v1/sites");
    const siteless = countWhere(events, (e) => !e.site_id);
    expect(audioSoc.reduce((sum: number, s: { total: number }) => sum + s.total, 0)).toBe(
      events.length - siteless,
    );
    expect(audioSoc.map((s: { total: number }) => s.total)).toEqual(
      [...audioSoc.map((s: { total: number }) => s.total)].sort((a, b) => b - a),
    );
    for (const site of audioSoc) {
      const mine = events.filter((e) => e.site_id === site.site_id);
      expect(site.total).toBe(mine.length);
      for (const severity of ["critical", "high", "medium", "low"])
        expect(site[severity]).toBe(countWhere(mine, (e) => e.severity === severity));
      const row = native.find((s: { site_id: string }) => s.site_id === site.site_id);
      expect(row).toMatchObject({
        total_events: site.total,
        events_last_24h: countWhere(mine, within(NOW - DAY, Infinity)),
      });
      expect(row.events_by_severity.critical).toBe(site.critical);
      const filtered = await get(`/api/v1/dashboard?site_id=${site.site_id}`);
      expect(filtered.total_events).toBe(site.total);
    }
  });

  it("is exact over arbitrary ranges: rollups for whole buckets, the events table at the edges", async () => {
    const random = seededRandom(99);
    for (let i = 0; i < 12; i++) {
      const from = NOW - Math.floor(random() * 12 * DAY);
      const to = Math.min(NOW + HOUR, from + Math.floor(random() * (i % 2 ? 3 * HOUR : 5 * DAY)) + 1);
      const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
      const breakdown = await get(`/api/v1/dashboard/severity-breakdown?${query}`);
      for (const { severity, count } of breakdown) {
        expect(count, `${severity} ${query}`).toBe(
          countWhere(events, (e) => e.severity === severity && within(from, to)(e)),
        );
      }
      const top = await get(`/api/v1/dashboard/top-sources?limit=2&${query}`);
      for (const row of top)
        expect(row.count).toBe(
          countWhere(events, (e) => e.source_ip === row.source_ip && within(from, to)(e)),
        );
    }
  });

  it("puts events on bucket edges in the right bucket, ascending, with empty buckets as 0", async () => {
    const timeline = await get("/api/v1/dashboard/timeline?hours=2&bucket_minutes=15");
    expect(timeline).toHaveLength(8);
    expect(timeline[0].bucket).toBe("2026-11-21T06:15:00.000Z");
    expect(timeline.at(-1).bucket).toBe("2026-11-21T08:00:00.000Z");
    for (const b of timeline) {
      const start = Date.parse(b.bucket);
      expect(b.count).toBe(countWhere(events, within(start, start + 15 * 60_000)));
      expect(SEVERITIES.reduce((sum, s) => sum + b[s], 0)).toBe(b.count);
    }
    expect(
      timeline.find((b: { bucket: string }) => b.bucket === "2026-11-21T07:45:00.000Z").count,
    ).toBeGreaterThanOrEqual(2);
    expect(timeline.at(-1).count).toBe(0);
  });

  it("reads `from` with an offset as the instant it names and answers in UTC", async () => {
    const from = encodeURIComponent("2026-11-21T02:00:00+02:00");
    const to = encodeURIComponent("2026-11-21T09:30:00+02:00");
    const timeline = await get(`/api/v1/dashboard/timeline?from=${from}&to=${to}&bucket_minutes=60`);
    expect(timeline.map((b: { bucket: string }) => b.bucket)).toEqual(
      Array.from({ length: 8 }, (_, h) =>
        new Date(Date.parse("2026-11-21T00:00:00Z") + h * HOUR).toISOString(),
      ),
    );
    expect(timeline.at(-1).count).toBe(
      countWhere(events, within(Date.parse("2026-11-21T07:00:00Z"), Date.parse("2026-11-21T07:30:00Z"))),
    );
    const summary = await get(`/api/v1/dashboard?from=${from}&to=${to}`);
    expect(summary.total_events).toBe(
      countWhere(events, within(Date.parse("2026-11-21T00:00:00Z"), Date.parse("2026-11-21T07:30:00Z"))),
    );
  });

  it("serves a 30-day day × hour heatmap and the AudioSOC v1 API's trends from the same counts", async () => {
    const heatmap = await get("/api/v1/dashboard/heatmap?days=30");
    expect(heatmap).toHaveLength(30 * 24);
    expect(heatmap[0]).toMatchObject({ bucket: "2026-10-23T00:00:00.000Z", day: "2026-10-23", hour: 0 });
    expect(heatmap.reduce((sum: number, c: { count: number }) => sum + c.count, 0)).toBe(events.length);
    const cell = heatmap.find((c: { day: string; hour: number }) => c.day === "2026-11-20" && c.hour === 23);
    expect(cell.count).toBe(
      countWhere(events, within(Date.parse("2026-11-20T23:00:00Z"), Date.parse("2026-11-21T00:00:00Z"))),
    );
    const trends = await get("/api/dashboard/trends");
    expect(trends.hourly).toHaveLength(168);
    expect(trends.hourly.at(-1).hour).toBe("2026-11-21T08:00:00.000Z");
    expect(trends.hourly.reduce((sum: number, h: { count: number }) => sum + h.count, 0)).toBe(
      countWhere(events, within(NOW + HOUR - 7 * DAY, Infinity)),
    );
    expect(trends.daily.map((d: { date: string }) => d.date)).toEqual([
      "2026-11-15",
      "2026-11-16",
      "2026-11-17",
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
    ]);
    const day = Date.parse("2026-11-20T00:00:00Z");
    expect(trends.daily[5].critical).toBe(
      countWhere(events, (e) => e.severity === "critical" && within(day, day + DAY)(e)),
    );
  });

  it("moves counts between statuses when an event is triaged (the AudioSOC v1 API's by_status and critical_open)", async () => {
    const before = await get("/api/dashboard/stats");
    const critical = (await get("/api/v1/logs?severity=critical&per_page=2")).items;
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/logs/${critical[0].id}/status`,
      headers,
      payload: { status: "resolved" },
    });
    await t.app.inject({
      method: "PATCH",
      url: `/api/events/${critical[1].id}/status`,
      headers,
      payload: { status: "investigating", assigned_to: "bob" },
    });
    const after = await get("/api/dashboard/stats");
    expect(after.by_status).toEqual({
      new: events.length - 2,
      investigating: 1,
      resolved: 1,
      false_positive: 0,
    });
    expect(after.critical_open).toBe(before.critical_open - 1);
    expect(after.total_events).toBe(before.total_events);
  });

  it("stays exact when events are deleted, and a rebuild gives the same numbers", async () => {
    await t.ctx.db.pool.query("DELETE FROM events WHERE site_id = 'AUDIO_003' AND \"timestamp\" >= $1", [
      new Date(NOW - 2 * DAY),
    ]);
    const remaining = events.filter((e) => !(e.site_id === "AUDIO_003" && e.at >= NOW - 2 * DAY));
    const summary = await get("/api/v1/dashboard");
    expect(summary.total_events).toBe(remaining.length);
    const last24h = await get(
      `/api/v1/dashboard/severity-breakdown?site_id=AUDIO_003&from=${new Date(NOW - 3 * DAY + 123).toISOString()}`,
    );
    expect(last24h.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(
      countWhere(remaining, (e) => e.site_id === "AUDIO_003" && e.at >= NOW - 3 * DAY + 123),
    );
    const timeline = await get("/api/v1/dashboard/timeline?hours=48&bucket_minutes=60");
    await t.ctx.db.pool.query("SELECT event_rollups_rebuild()");
    expect(await get("/api/v1/dashboard")).toEqual(summary);
    expect(await get("/api/v1/dashboard/timeline?hours=48&bucket_minutes=60")).toEqual(timeline);
  });

  it("forgets the days retention dropped as partitions", async () => {
    const { rows } = await t.ctx.db.pool.query<{ day: string }>(
      'SELECT min("timestamp")::date::text AS day FROM events',
    );
    const day = rows[0]!.day;
    const cutoff = Date.parse(`${day}T00:00:00Z`) + DAY;
    await t.ctx.db.pool.query(`DROP TABLE events_p${day.replaceAll("-", "")}`);
    await t.ctx.db.pool.query("SELECT event_rollups_forget_before($1)", [new Date(cutoff)]);
    const remaining = events.filter(
      (e) => e.at >= cutoff && !(e.site_id === "AUDIO_003" && e.at >= NOW - 2 * DAY),
    );
    const after = await get("/api/v1/dashboard");
    expect(after.total_events).toBe(remaining.length);
    expect((await get("/api/dashboard/stats")).total_events).toBe(remaining.length);
    const top = await get("/api/v1/dashboard/top-sources?limit=100");
    expect(top.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(
      countWhere(remaining, (e) => !!e.source_ip),
    );
  });

  it("documents every dashboard and sites read in the OpenAPI document", async () => {
    const paths = Object.keys((await t.app.inject({ url: "/api/docs/json" })).json().paths);
    for (const path of [
      "/api/v1/dashboard",
      "/api/v1/dashboard/timeline",
      "/api/v1/dashboard/severity-breakdown",
      "/api/v1/dashboard/top-sources",
      "/api/v1/dashboard/heatmap",
      "/api/dashboard/stats",
      "/api/dashboard/trends",
      "/api/dashboard/sites",
      "/api/v1/sites",
      "/api/v1/sites/{id}",
    ]) {
      expect(paths).toContain(path);
    }
  });

  it("validates its parameters with 422, never 500", async () => {
    for (const url of [
      "/api/v1/dashboard/timeline?bucket_minutes=7",
      "/api/v1/dashboard/timeline?hours=721",
      "/api/v1/dashboard/timeline?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&bucket_minutes=5",
      "/api/v1/dashboard/timeline?from=2000-01-01T00:00:00Z&bucket_minutes=5",
      "/api/v1/dashboard/heatmap?from=2000-01-01T00:00:00Z",
      "/api/v1/dashboard?from=yesterday",
      "/api/v1/dashboard?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z",
      "/api/v1/dashboard/top-sources?limit=0",
      "/api/v1/dashboard/heatmap?days=0",
    ]) {
      const res = await t.app.inject({ url, headers });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().error).toBe("ValidationError");
    }
    expect((await t.app.inject({ url: "/api/v1/dashboard" })).statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/dashboard/stats" })).statusCode).toBe(401);
  });
});
