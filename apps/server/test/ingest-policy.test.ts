import { createSocket } from "node:dgram";
import type { LogEvent } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { oldestAccepted } from "../src/ingest/policy/retention-window.ts";
import { applyRetention } from "../src/ingest/retention.ts";
import { type SyslogIngest, startSyslog } from "../src/ingest/syslog/start.ts";
import { parseQuery } from "../src/modules/logs/query/parse.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

// The input policy (docs/INGEST-POLICY.md) on every ingest path, in the storage the suite runs on.

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const LONG = "x".repeat(200_000);
const UNKNOWN = '"AUDIO_999" is not a registered site';

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

async function sendUdp(port: number, line: string): Promise<void> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve, reject) =>
    socket.send(line, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
  );
  socket.close();
}

describe("input policy (refusing unknown sites, the default)", () => {
  let t: TestApp;
  let syslog: SyslogIngest;
  let udpPort: number;

  beforeAll(async () => {
    udpPort = await freeUdpPort();
    // Syslog senders outside every site network go to a site nobody registered.
    t = await startTestApp({
      VIGIE_SYSLOG_UDP_PORT: String(udpPort),
      VIGIE_SYSLOG_DEFAULT_SITE: "BRANCH_LYON",
    });
    syslog = (await startSyslog(t.ctx))!;
  });
  afterAll(async () => {
    await syslog?.close();
    await t?.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url,
      headers: { ...t.ingestHeaders, ...headers },
      payload: payload as object,
    });
  const stored = async (id: string): Promise<LogEvent> =>
    (await t.app.inject({ url: `/api/v1/logs/${id}`, headers: await t.as("analyst") })).json();
  const deadLetters = async (reason: string) =>
    Number(
      (await t.ctx.db.pool.query("SELECT count(*) AS n FROM dead_letters WHERE reason = $1", [reason]))
        .rows[0].n,
    );
  const storedByText = async (text: string): Promise<LogEvent> => {
    let found: LogEvent | undefined;
    await vi.waitFor(
      async () => {
        found = (await t.ctx.events.list({ equals: {}, query: parseQuery(text) }, 0, 1)).items[0];
        expect(found).toBeDefined();
      },
      { timeout: 8000, interval: 50 },
    );
    return found!;
  };

  describe("native POST /api/v1/logs/ingest", () => {
    it("refuses an unknown site with 422 naming the field and the value", async () => {
      const res = await post("/api/v1/logs/ingest", { source_type: "auth", site_id: "AUDIO_999" });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        error: "ValidationError",
        details: [{ field: "site_id", message: UNKNOWN, type: "unknown_site" }],
      });
    });

    it("refuses an address field that holds no address", async () => {
      const res = await post("/api/v1/logs/ingest", { source_type: "firewall", source_ip: "not-an-ip" });
      expect(res.statusCode).toBe(422);
      expect(res.json().details).toEqual([
        { field: "source_ip", message: '"not-an-ip" is not an IP address', type: "ip" },
      ]);
    });

    it("refuses an event older than the retention window, saying which window", async () => {
      const res = await post("/api/v1/logs/ingest", { source_type: "generic", timestamp: daysAgo(91) });
      expect(res.statusCode).toBe(422);
      expect(res.json().details[0]).toMatchObject({ field: "timestamp", type: "retention" });
      expect(res.json().details[0].message).toMatch(
        /is older than the retention window \(90 days: events before/,
      );
    });

    it("stores a 200,000-character message cut to 10,240 and flagged, the whole body kept in raw", async () => {
      const res = await post("/api/v1/logs/ingest", {
        source_type: "generic",
        site_id: "AUDIO_001",
        message: LONG,
      });
      expect(res.statusCode).toBe(201);
      const event = await stored(res.json().id);
      expect(event.message).toHaveLength(10_240);
      expect(event.metadata.truncated).toBe(true);
      expect((event.raw.message as string).length).toBe(200_000);
    });
  });

  describe("native POST /api/v1/logs/ingest/batch", () => {
    it("answers each refused item by index, stores the neighbours and keeps every refusal as a dead letter", async () => {
      const res = await post("/api/v1/logs/ingest/batch", {
        events: [
          { source_type: "auth", site_id: "AUDIO_001", message: "policy batch ok" },
          { source_type: "auth", site_id: "AUDIO_999" },
          { source_type: "firewall", dest_ip: "10.0.0.300" },
          { source_type: "generic", timestamp: daysAgo(400) },
          { source_type: "generic", message: "policy batch no site" },
        ],
      });
      expect(res.statusCode).toBe(207);
      const body = res.json();
      expect(body.created).toBe(2);
      expect(body.errors.map((e: { index: number }) => e.index)).toEqual([1, 2, 3]);
      expect(body.errors[0].error).toBe(`site_id: ${UNKNOWN}`);
      expect(body.errors[1].error).toBe('dest_ip: "10.0.0.300" is not an IP address');
      expect(body.errors[2].error).toMatch(/^timestamp: .* is older than the retention window/);
      await vi.waitFor(async () => expect(await deadLetters(body.errors[1].error)).toBe(1));
      expect((await stored(body.ids[1])).site_id).toBeNull();
    });

    it("lets a refused item claim nothing: its event_id is free for the corrected retry", async () => {
      const first = await post("/api/v1/logs/ingest/batch", {
        events: [{ source_type: "auth", site_id: "AUDIO_999", event_id: "policy-retry-1" }],
      });
      expect(first.statusCode).toBe(422);
      const claims = await t.ctx.db.pool.query(
        "SELECT 1 FROM ingest_claims WHERE client_id = 'e:policy-retry-1'",
      );
      expect(claims.rowCount).toBe(0);
      const fixed = await post("/api/v1/logs/ingest/batch", {
        events: [{ source_type: "auth", site_id: "AUDIO_002", event_id: "policy-retry-1" }],
      });
      expect(fixed.statusCode).toBe(201);
      expect((await stored(fixed.json().ids[0])).site_id).toBe("AUDIO_002");
      const again = await post("/api/v1/logs/ingest/batch", {
        events: [{ source_type: "auth", site_id: "AUDIO_002", event_id: "policy-retry-1" }],
      });
      expect(again.json().ids).toEqual(fixed.json().ids);
    });

    it("knows a site the moment it is registered, and forgets it when deleted", async () => {
      const admin = await t.as("admin");
      const event = { source_type: "auth", site_id: "POLICY_NEW" };
      expect((await post("/api/v1/logs/ingest", event)).statusCode).toBe(422);
      await t.call("POST", "/api/v1/sites", admin, { site_id: "POLICY_NEW", name: "New centre" });
      expect((await post("/api/v1/logs/ingest", event)).statusCode).toBe(201);
      await t.call("DELETE", "/api/v1/sites/POLICY_NEW", admin);
      expect((await post("/api/v1/logs/ingest", event)).statusCode).toBe(422);
    });
  });

  describe("raw POST /api/v1/logs/ingest/raw", () => {
    const ndjson = { "content-type": "application/x-ndjson" };
    const lines = (docs: object[]) => docs.map((d) => JSON.stringify(d)).join("\n");

    it("refuses every document for an unknown ?site_id=, by index", async () => {
      const res = await post(
        "/api/v1/logs/ingest/raw?site_id=AUDIO_999",
        lines([{ source_type: "auth" }, { anything: 1 }]),
        ndjson,
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        { index: 0, error: `site_id: ${UNKNOWN}` },
        { index: 1, error: `site_id: ${UNKNOWN}` },
      ]);
    });

    it("refuses a native document's bad address and an old document, flags a cut message", async () => {
      const res = await post(
        "/api/v1/logs/ingest/raw?site_id=AUDIO_003",
        lines([
          { source_type: "auth", source_ip: "attacker" },
          { source_type: "auth", timestamp: daysAgo(120) },
          { source_type: "generic", message: LONG },
          { shipper: "anything", note: "raw policy generic" },
        ]),
        ndjson,
      );
      expect(res.statusCode).toBe(207);
      const body = res.json();
      expect(
        body.errors.map((e: { index: number; error: string }) => [e.index, e.error.split(":")[0]]),
      ).toEqual([
        [0, "source_ip"],
        [1, "timestamp"],
      ]);
      expect((await stored(body.ids[0])).metadata.truncated).toBe(true);
    });
  });

  describe("AudioSOC v1 POST /api/ingest", () => {
    const body = {
      source: "auth",
      event_type: "login_failure",
      severity: "medium",
      description: "audiosoc policy",
    };

    it("refuses with its own 400 and the same reasons", async () => {
      const unknown = await post("/api/ingest", { ...body, site_id: "AUDIO_999" });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toEqual({ error: `site_id: ${UNKNOWN}` });
      const address = await post("/api/ingest", { ...body, source_ip: "999.1.1.1" });
      expect(address.json()).toEqual({ error: 'source_ip: "999.1.1.1" is not an IP address' });
      const old = await post("/api/ingest", { ...body, timestamp: daysAgo(100) });
      expect(old.statusCode).toBe(400);
      expect(old.json().error).toMatch(/^timestamp: .* is older than the retention window/);
    });

    it("answers a batch per index and flags a cut description", async () => {
      const res = await post("/api/ingest/batch", {
        events: [
          { ...body, site_id: "AUDIO_004", description: LONG },
          { ...body, site_id: "AUDIO_999" },
        ],
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ created: 1, errors: [{ index: 1, error: `site_id: ${UNKNOWN}` }] });
      const [event] = (await t.ctx.events.list({ equals: { site_id: "AUDIO_004" } }, 0, 1)).items;
      expect(event?.metadata.truncated).toBe(true);
    });
  });

  describe("syslog", () => {
    it("keeps a line whose site is not registered; the site shows as unregistered", async () => {
      await sendUdp(udpPort, "<13>Dec  1 10:00:00 host app: syslog policy unregistered site");
      expect((await storedByText("unregistered")).site_id).toBe("BRANCH_LYON");
      const sites = (await t.app.inject({ url: "/api/v1/sites", headers: await t.as("analyst") })).json();
      expect(sites.find((s: { site_id: string }) => s.site_id === "BRANCH_LYON")).toMatchObject({
        registered: false,
        total_events: 1,
      });
    });

    it("keeps a line dated before the window at its receive time, with the date it carried", async () => {
      await sendUdp(udpPort, "<13>1 2015-06-01T10:00:00Z host app - - - syslog policy old clock");
      const event = await storedByText("clock");
      expect(Date.now() - Date.parse(event.timestamp)).toBeLessThan(60_000);
      expect(event.metadata).toMatchObject({
        original_timestamp: "2015-06-01T10:00:00.000Z",
        timestamp_replaced: "older_than_retention",
      });
    });

    it("flags a line cut to 10,240 characters with the same truncated flag", async () => {
      await sendUdp(udpPort, `<13>Dec  1 10:00:00 host app: syslog policy longline ${"y".repeat(20_000)}`);
      const event = await storedByText("longline");
      expect(event.message).toHaveLength(10_240);
      expect(event.metadata.truncated).toBe(true);
    });
  });

  it("never stores an event that the next retention runs would drop", async () => {
    const oldest = oldestAccepted(new Date(), 90);
    const res = await post("/api/v1/logs/ingest", {
      source_type: "generic",
      message: "policy oldest accepted",
      timestamp: oldest.toISOString(),
    });
    expect(res.statusCode).toBe(201);
    for (const hoursLater of [0, 23.9]) {
      await applyRetention(t.ctx.db, 90, new Date(Date.now() + hoursLater * 3_600_000));
      expect((await stored(res.json().id)).message).toBe("policy oldest accepted");
    }
    const before = new Date(oldest.getTime() - 1).toISOString();
    expect(
      (await post("/api/v1/logs/ingest", { source_type: "generic", timestamp: before })).statusCode,
    ).toBe(422);
  });
});

describe("input policy with VIGIE_UNKNOWN_SITES=accept", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_UNKNOWN_SITES: "accept" });
  });
  afterAll(() => t?.close());

  it("stores events of an unknown site, shows it unregistered, and lets an admin register it", async () => {
    const res = await t.call("POST", "/api/v1/logs/ingest", t.ingestHeaders, {
      source_type: "auth",
      site_id: "AUDIO_999",
    });
    expect(res.statusCode).toBe(201);
    const admin = await t.as("admin");
    const site = async () => (await t.call("GET", "/api/v1/sites/AUDIO_999", admin)).json();
    expect(await site()).toMatchObject({ registered: false, total_events: 1 });
    const created = await t.call("POST", "/api/v1/sites", admin, { site_id: "AUDIO_999", name: "Annecy" });
    expect(created.statusCode).toBe(201);
    expect(await site()).toMatchObject({ registered: true, name: "Annecy", total_events: 1 });
    // The other rules still hold.
    const bad = await t.call("POST", "/api/v1/logs/ingest", t.ingestHeaders, {
      source_type: "auth",
      source_ip: "nope",
    });
    expect(bad.statusCode).toBe(422);
  });
});
