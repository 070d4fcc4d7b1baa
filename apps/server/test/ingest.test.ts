import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

describe("native ingest", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650" });
  });
  afterAll(() => t.close());

  const ingest = (body: unknown, headers: Record<string, string> = t.ingestHeaders) =>
    t.app.inject({ method: "POST", url: "/api/v1/logs/ingest", headers, payload: body as object });

  it("stores one event, normalized and classified, and answers 201 with it", async () => {
    const res = await ingest({
      source_type: "auth",
      event_type: "login_failure",
      source_ip: "10.7.0.12",
      username: "root",
      message: "Failed password for root",
      service: "sshd",
      site_id: "AUDIO_007",
      timestamp: "2026-11-20T10:00:00Z",
    });
    expect(res.statusCode).toBe(201);
    const event = res.json();
    expect(event).toMatchObject({
      source_type: "auth",
      event_type: "login_failure",
      severity: "medium",
      status: "new",
      site_id: "AUDIO_007",
      timestamp: "2026-11-20T10:00:00.000Z",
      normalized: { service: "sshd", auth_method: null, result: null, failure_reason: null },
    });
    expect(event.raw.service).toBe("sshd");
    const stored = await t.app.inject({ url: `/api/v1/logs/${event.id}`, headers: await t.as("analyst") });
    expect(stored.json().id).toBe(event.id);
  });

  it("keeps a valid submitted severity and classifies otherwise", async () => {
    expect(
      (await ingest({ source_type: "ids", event_type: "ids_alert", severity: "low" })).json().severity,
    ).toBe("low");
    expect(
      (await ingest({ source_type: "endpoint", message: "Ransomware note dropped" })).json().severity,
    ).toBe("critical");
  });

  it("replaces a missing or absurd timestamp with server time and keeps the original", async () => {
    const before = Date.now();
    const event = (await ingest({ source_type: "generic", timestamp: "1970-01-01T00:00:00Z" })).json();
    expect(Date.parse(event.timestamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(event.metadata).toMatchObject({
      original_timestamp: "1970-01-01T00:00:00Z",
      timestamp_replaced: "out_of_range",
    });
  });

  it("sanitizes text and stores NUL characters in raw without failing", async () => {
    const res = await ingest({
      source_type: "generic",
      message: "a\u0000b\u001b[31mc<script>",
      "weird\u0000key": "v\u0000",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().message).toBe("ab[31mc<script>");
  });

  it("rejects bad input with 422 and details, never 500", async () => {
    for (const body of [
      {},
      { source_type: "nope" },
      { source_type: "auth", source_port: 70000 },
      { source_type: "auth", metadata: "x" },
    ]) {
      const res = await ingest(body);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ error: "ValidationError" });
      expect(res.json().details.length).toBeGreaterThan(0);
    }
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest",
      headers: { ...t.ingestHeaders, "content-type": "application/json" },
      payload: '{"source_type":',
    });
    expect(bad.statusCode).toBe(422);
  });

  it("requires a valid ingest token unless ingest is open", async () => {
    expect((await ingest({ source_type: "generic" }, {})).statusCode).toBe(401);
    expect((await ingest({ source_type: "generic" }, { authorization: "Bearer nope" })).statusCode).toBe(401);
    expect(
      (await ingest({ source_type: "generic" }, { "x-vigie-token": t.ingestHeaders.authorization.slice(7) }))
        .statusCode,
    ).toBe(201);
  });

  it("forces the site of a site-bound token", async () => {
    const { token } = await t.ctx.ingestTokens.create({ name: "site 5", siteId: "AUDIO_005" });
    const res = await ingest(
      { source_type: "generic", site_id: "AUDIO_001" },
      { authorization: `Bearer ${token}` },
    );
    expect(res.json().site_id).toBe("AUDIO_005");
  });

  it("batch: stores the good events, reports the bad ones by index", async () => {
    const events = [
      { source_type: "firewall", action: "deny" },
      { source_type: "bogus" },
      "not an object",
      { source_type: "dns", query: "a.example" },
    ];
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/batch",
      headers: t.ingestHeaders,
      payload: { events },
    });
    expect(res.statusCode).toBe(207);
    const body = res.json();
    expect(body.created).toBe(2);
    expect(body.errors.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    const firewall = await t.ctx.events.get(body.ids[0]);
    expect(firewall?.event_type).toBe("firewall_deny");
    const dead = await t.ctx.db.pool.query("SELECT reason FROM dead_letters");
    expect(dead.rows.length).toBeGreaterThanOrEqual(2);
  });

  it("batch: 10,000 events in one request, all stored", async () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ({
      source_type: "firewall",
      action: "allow",
      source_ip: `10.0.${i % 250}.1`,
      site_id: "AUDIO_009",
    }));
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/batch",
      headers: t.ingestHeaders,
      payload: { events },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(10_000);
    const { rows } = await t.ctx.db.pool.query(
      "SELECT count(*)::int AS n FROM events WHERE site_id = 'AUDIO_009'",
    );
    expect(rows[0].n).toBe(10_000);
  });

  it("batch: more than 10,000 events is refused as a whole with 422", async () => {
    const events = Array.from({ length: 10_001 }, () => ({ source_type: "generic" }));
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/batch",
      headers: t.ingestHeaders,
      payload: { events },
    });
    expect(res.statusCode).toBe(422);
  });

  it("publishes ingested events on the bus after commit", async () => {
    const seen: string[] = [];
    const off = t.ctx.bus.subscribe("events.ingested", async ({ events }) => {
      for (const e of events) if ((await t.ctx.events.get(e.id)) !== null) seen.push(e.id);
    });
    const id = (await ingest({ source_type: "generic", message: "bus" })).json().id;
    await new Promise((r) => setTimeout(r, 100));
    off();
    expect(seen).toContain(id);
  });
});
