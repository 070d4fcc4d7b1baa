import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexNextSlice } from "../src/ingest/search-indexer.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../src/ingest/formats/fixtures/${name}`, import.meta.url), "utf8");

const event = (hostname: string, extra: Record<string, unknown> = {}) => ({
  source_type: "endpoint",
  event_type: "asset_probe",
  hostname,
  site_id: "AUDIO_004",
  ...extra,
});

describe("assets", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0", VIGIE_RETENTION_DAYS: "3650" });
    h = detectionHelpers(t);
  });
  afterAll(() => t.close());

  /** What the worker's indexer does, until the backlog is empty. */
  const index = async () => {
    while ((await indexNextSlice(t.ctx.db)) !== null);
  };
  const get = async (url: string, role: "analyst" | "supervisor" | "admin" = "analyst") =>
    t.call("GET", url, await t.as(role));
  const asset = async (site: string, host: string) => (await get(`/api/v1/assets/${site}/${host}`)).json();

  it("learns each host once per site from indexed events: seen times, addresses, users, OS, count", async () => {
    const base = Date.parse("2026-12-01T10:00:00Z");
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
    await t.ingest([
      event("WS-LEARN", { timestamp: at(0), source_ip: "10.4.2.10", username: "alice" }),
      event("ws-learn", { timestamp: at(5), source_ip: "10.4.2.11", username: "bob", os: "Debian 12" }),
      event("ws-learn", { timestamp: at(2), site_id: "AUDIO_005", username: "carol" }),
      event("", { timestamp: at(1) }),
    ]);
    expect((await get("/api/v1/assets?q=ws-learn")).json().total).toBe(0);
    await index();
    const learnt = await asset("AUDIO_004", "WS-Learn");
    expect(learnt).toMatchObject({
      site_id: "AUDIO_004",
      host: "ws-learn",
      name: "ws-learn",
      first_seen: at(0),
      last_seen: at(5),
      ips: ["10.4.2.11", "10.4.2.10"],
      users: ["bob", "alice"],
      os: "Debian 12",
      event_count: 2,
      criticality: "normal",
      set_by: null,
    });
    expect(await asset("AUDIO_005", "ws-learn")).toMatchObject({
      users: ["carol"],
      event_count: 1,
      os: null,
    });
  });

  it("folds later batches in: newest values first, at most 20, counts add up, a known OS kept", async () => {
    const batch = Array.from({ length: 25 }, (_, i) =>
      event("ws-busy", {
        timestamp: new Date(Date.parse("2026-12-02T00:00:00Z") + i * 1000).toISOString(),
        source_ip: `10.4.9.${i}`,
        username: `user${i}`,
      }),
    );
    await t.ingest(batch.slice(0, 10));
    await index();
    await t.ingest(batch.slice(10));
    await index();
    const busy = await asset("AUDIO_004", "ws-busy");
    expect(busy.event_count).toBe(25);
    expect(busy.ips).toHaveLength(20);
    expect(busy.ips[0]).toBe("10.4.9.24");
    expect(busy.users.at(-1)).toBe("user5");
  });

  it("learns each event once when several indexers share the backlog (four slices, the same hosts in each)", async () => {
    for (let b = 0; b < 4; b++)
      await t.ingest(
        Array.from({ length: 600 }, (_, i) => event(`ws-shared-${i % 50}`, { site_id: "AUDIO_009" })),
      );
    await Promise.all([index(), index(), index()]);
    const { rows } = await t.ctx.db.pool.query(
      "SELECT count(*)::int AS hosts, sum(event_count)::int AS events FROM assets WHERE site_id = 'AUDIO_009'",
    );
    expect(rows[0]).toEqual({ hosts: 50, events: 2400 });
  });

  it("reads the OS of Windows shippers: ECS host.os, else Windows", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/raw?site_id=AUDIO_007",
      headers: { ...t.ingestHeaders, "content-type": "application/x-ndjson" },
      payload: fixture("winlogbeat.ndjson"),
    });
    expect(res.statusCode).toBe(201);
    await index();
    expect(await asset("AUDIO_007", "recep-pc01.audio007.local")).toMatchObject({
      name: "RECEP-PC01.audio007.local",
      os: "windows 10.0",
    });
  });

  it("lists with filters and pages; refuses bad filters with 422 naming the field", async () => {
    const all = (await get("/api/v1/assets?site_id=AUDIO_004&per_page=1")).json();
    expect(all).toMatchObject({ total: 2, page: 1, per_page: 1, pages: 2 });
    expect(all.items[0].host).toBe("ws-busy");
    const byIp = (await get("/api/v1/assets?q=10.4.2.11")).json();
    expect(byIp.items.map((a: { host: string }) => a.host)).toEqual(["ws-learn"]);
    const byUser = (await get("/api/v1/assets?q=CAROL")).json();
    expect(byUser.items.map((a: { site_id: string }) => a.site_id)).toEqual(["AUDIO_005"]);
    expect((await get("/api/v1/assets?q=%25")).json().total).toBe(0);
    const byHosts = (await get("/api/v1/assets?hosts=WS-BUSY,nope&site_id=AUDIO_004")).json();
    expect(byHosts.total).toBe(1);
    const bad = await get("/api/v1/assets?criticality=extreme");
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json())).toContain("criticality");
    expect((await get("/api/v1/assets/AUDIO_004/unknown-host")).statusCode).toBe(404);
  });

  it("lets supervisors and admins set the criticality, audited; analysts get 403", async () => {
    const url = "/api/v1/assets/AUDIO_004/WS-LEARN";
    expect((await t.call("PATCH", url, await t.as("analyst"), { criticality: "high" })).statusCode).toBe(403);
    const bad = await t.call("PATCH", url, await t.as("supervisor"), { criticality: "extreme" });
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json())).toContain("criticality");
    const missing = await t.call("PATCH", "/api/v1/assets/AUDIO_004/nope", await t.as("admin"), {
      criticality: "high",
    });
    expect(missing.statusCode).toBe(404);
    const res = await t.call("PATCH", url, await t.as("supervisor"), { criticality: "high" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ criticality: "high", set_by: "supervisor1" });
    expect(res.json().set_at).toBeTruthy();
    const audit = (await get("/api/v1/audit?action=asset.criticality_changed", "admin")).json();
    expect(audit.items[0]).toMatchObject({
      target_type: "asset",
      target_id: "AUDIO_004/ws-learn",
      details: { from: "normal", to: "high" },
    });
    const high = (await get("/api/v1/assets?criticality=high")).json();
    expect(high.items.map((a: { host: string }) => a.host)).toEqual(["ws-learn"]);
  });

  it("raises the severity of a new alert on a high or critical asset one step, and says why", async () => {
    await t.ctx.engine.start();
    await h.createRule({
      name: "Asset probe",
      rule_type: "threshold",
      severity: "medium",
      cooldown_seconds: 0,
      conditions: {
        event_filter: { event_type: "asset_alert" },
        threshold: 1,
        window_seconds: 60,
        group_by: "hostname",
      },
    });
    await h.createRule({
      name: "Asset probe critical",
      rule_type: "threshold",
      severity: "critical",
      cooldown_seconds: 0,
      conditions: {
        event_filter: { event_type: "asset_alert" },
        threshold: 1,
        window_seconds: 60,
        group_by: "hostname",
      },
    });
    await t.call("PATCH", "/api/v1/assets/AUDIO_004/ws-busy", await t.as("admin"), {
      criticality: "critical",
    });
    await h.ingest([
      event("WS-LEARN", { event_type: "asset_alert" }),
      event("ws-busy", { event_type: "asset_alert" }),
      event("ws-other", { event_type: "asset_alert" }),
      event("ws-learn", { event_type: "asset_alert", site_id: "AUDIO_005" }),
    ]);
    await h.settle();
    const items = (await h.alerts("?per_page=100")).items as {
      rule_name: string;
      group_value: string;
      site_id: string;
      severity: string;
      asset_criticality: string | null;
    }[];
    const of = (rule: string, host: string, site = "AUDIO_004") => {
      const alert = items.find(
        (a) => a.rule_name === rule && a.group_value.toLowerCase().endsWith(host) && a.site_id === site,
      );
      return alert && { severity: alert.severity, asset_criticality: alert.asset_criticality };
    };
    expect(of("Asset probe", "ws-learn")).toEqual({ severity: "high", asset_criticality: "high" });
    expect(of("Asset probe", "ws-busy")).toEqual({ severity: "high", asset_criticality: "critical" });
    expect(of("Asset probe", "ws-other")).toEqual({ severity: "medium", asset_criticality: null });
    expect(of("Asset probe", "ws-learn", "AUDIO_005")).toEqual({
      severity: "medium",
      asset_criticality: null,
    });
    expect(of("Asset probe critical", "ws-busy")).toEqual({
      severity: "critical",
      asset_criticality: "critical",
    });
  });
});
