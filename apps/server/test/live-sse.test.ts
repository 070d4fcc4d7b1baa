import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { openSse, type SseStream, until } from "./support/live-clients.ts";

const LOG_FIELDS = [
  "id",
  "timestamp",
  "site_id",
  "source_type",
  "severity",
  "event_type",
  "source_ip",
  "dest_ip",
  "hostname",
  "username",
];
const ALERT_FIELDS = [
  "id",
  "rule_name",
  "severity",
  "title",
  "group_value",
  "matched_event_count",
  "status",
  "site_id",
  // Beyond CONTRACT §4.1, for the console's triage: who works it, its version, new or changed.
  "assignee",
  "updated_at",
  "change",
];

describe("SSE live streams over a listening server", () => {
  let t: TestApp;
  let base: string;
  let token: string;
  const open: SseStream[] = [];
  const sse = async (path: string, headers: Record<string, string> = {}) => {
    const stream = await openSse(`${base}${path}`, headers);
    open.push(stream);
    return stream;
  };
  const ingest = (events: Record<string, unknown>[]) => t.ingest(events);
  const logs = (s: SseStream) =>
    s.events.filter((e) => e.event === "log").map((e) => ({ id: e.id, ...JSON.parse(e.data) }));

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    token = await t.tokenFor("analyst");
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t.close();
  });

  it("refuses a stream without a token (401) and with a bad one", async () => {
    const none = await sse("/api/v1/logs/stream");
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error).toBe("AuthenticationError");
    expect((await sse("/api/v1/alerts/stream?token=not-a-jwt")).status).toBe(401);
  });

  it("streams an ingested event as `event: log` with the contract's fields, token in the query", async () => {
    const stream = await sse(`/api/v1/logs/stream?token=${token}`);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const [id] = await ingest([
      {
        source_type: "auth",
        event_type: "login_failure",
        source_ip: "10.1.2.3",
        username: "root",
        site_id: "AUDIO_001",
        message: "x",
      },
    ]);
    await stream.waitFor((s) => logs(s).some((e) => e.id === id));
    const event = stream.events.find((e) => e.id === id)!;
    expect(Object.keys(JSON.parse(event.data)).sort()).toEqual([...LOG_FIELDS].sort());
    expect(JSON.parse(event.data)).toMatchObject({
      id,
      site_id: "AUDIO_001",
      source_type: "auth",
      username: "root",
      source_ip: "10.1.2.3",
    });
  });

  it("accepts the token in the Authorization header too", async () => {
    const stream = await sse("/api/v1/logs/stream", { authorization: `Bearer ${token}` });
    expect(stream.status).toBe(200);
    const [id] = await ingest([{ source_type: "generic" }]);
    await stream.waitFor((s) => logs(s).some((e) => e.id === id));
  });

  it("sends only what passes the site_id and severity filters", async () => {
    const bySite = await sse(`/api/v1/logs/stream?token=${token}&site_id=AUDIO_002`);
    const bySeverity = await sse(`/api/v1/logs/stream?token=${token}&severity=low`);
    const ids = await ingest([
      { source_type: "ids", severity: "high", site_id: "AUDIO_001" },
      { source_type: "ids", severity: "high", site_id: "AUDIO_002" },
      { source_type: "ids", severity: "low", site_id: "AUDIO_003" },
    ]);
    await bySite.waitFor((s) => logs(s).some((e) => e.id === ids[1]));
    await bySeverity.waitFor((s) => logs(s).some((e) => e.id === ids[2]));
    expect(logs(bySite).map((e) => e.id)).toEqual([ids[1]]);
    expect(logs(bySeverity).map((e) => e.id)).toEqual([ids[2]]);
  });

  it("rejects an unknown severity filter with 422", async () => {
    const res = await t.app.inject({
      url: `/api/v1/logs/stream?severity=urgent`,
      headers: await t.as("analyst"),
    });
    expect(res.statusCode).toBe(422);
  });

  it("sends a keepalive comment every ~3 s", async () => {
    const stream = await sse(`/api/v1/alerts/stream?token=${token}`);
    const started = Date.now();
    await stream.waitFor((s) => s.comments.includes("keepalive"), 4_500);
    expect(Date.now() - started).toBeLessThan(4_500);
  });

  it("resumes after Last-Event-ID with what was missed while disconnected", async () => {
    const first = await sse(`/api/v1/logs/stream?token=${token}`);
    const before = await ingest([{ source_type: "dns" }, { source_type: "dns" }, { source_type: "dns" }]);
    await first.waitFor((s) => logs(s).some((e) => e.id === before[2]));
    first.close();
    const missed = await ingest([{ source_type: "proxy" }]);
    const resumed = await sse(`/api/v1/logs/stream?token=${token}`, { "last-event-id": before[0]! });
    await resumed.waitFor((s) => logs(s).length >= 3);
    expect(logs(resumed).map((e) => e.id)).toEqual([before[1], before[2], missed[0]]);
  });

  it("says so when the resume point is unknown, then streams from now", async () => {
    const stream = await sse(`/api/v1/logs/stream?token=${token}`, { "last-event-id": "no-such-id" });
    await stream.waitFor((s) => s.comments.some((c) => c.includes("resume point")));
    const [id] = await ingest([{ source_type: "email" }]);
    await stream.waitFor((s) => logs(s).some((e) => e.id === id));
    expect(logs(stream)).toHaveLength(1);
  });

  it("streams raised and updated alerts as `event: alert`, each version with its own id", async () => {
    const stream = await sse(`/api/v1/alerts/stream?token=${token}&site_id=AUDIO_009`);
    const alert = {
      id: "0196a6f0-0000-7000-8000-000000000001",
      rule_name: "SSH brute force",
      severity: "high",
      title: "SSH brute force [10.0.0.9]",
      group_value: "10.0.0.9",
      matched_event_count: 12,
      status: "new",
      site_id: "AUDIO_009",
      matched_event_ids: ["a", "b"],
      created_at: "2026-11-21T08:15:00.000Z",
      updated_at: "2026-11-21T08:15:00.000Z",
    };
    await t.ctx.bus.publish("alert.raised", {
      alert: { ...alert, site_id: "AUDIO_001", id: "0196a6f0-0000-7000-8000-000000000002" },
    });
    await t.ctx.bus.publish("alert.raised", { alert });
    await t.ctx.bus.publish("alert.updated", {
      alert: { ...alert, status: "acknowledged", updated_at: "2026-11-21T08:20:00.000Z" },
    });
    await stream.waitFor((s) => s.events.length >= 2);
    const [raised, updated] = stream.events;
    expect(raised!.event).toBe("alert");
    expect(Object.keys(JSON.parse(raised!.data)).sort()).toEqual([...ALERT_FIELDS].sort());
    expect(JSON.parse(raised!.data)).toMatchObject({
      id: alert.id,
      matched_event_count: 12,
      status: "new",
      change: "raised",
    });
    expect(JSON.parse(updated!.data)).toMatchObject({ status: "acknowledged", change: "updated" });
    expect(raised!.id).not.toBe(updated!.id);
    expect(stream.events).toHaveLength(2);
  });

  it("ends a user's streams when that user changes, so the next connection is checked again", async () => {
    const user = await t.ctx.users.findByUsername("analyst1");
    const stream = await sse(`/api/v1/logs/stream?token=${token}`);
    await stream.waitFor((s) => s.comments.includes("connected"));
    const before = t.app.live!.sse.logs.size;
    await t.ctx.bus.publish("users.changed", { user_id: user!.id });
    await until(() => t.app.live!.sse.logs.size < before);
  });
});
