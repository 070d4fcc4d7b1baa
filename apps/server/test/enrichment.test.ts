import { createSocket } from "node:dgram";
import type { LogEvent } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type SyslogIngest, startSyslog } from "../src/ingest/syslog/start.ts";
import { parseQuery } from "../src/modules/logs/query/parse.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers, eventually } from "./support/detection.ts";

// Enrichment at ingest (docs/OPERATIONS.md, "Enrichment"): stored fields, a rule on them, the search.

const probe = (source_ip: string, dest_ip: string) => ({
  source_type: "firewall",
  event_type: "enrichment_probe",
  source_ip,
  dest_ip,
  site_id: "AUDIO_005",
  message: "connection allowed",
});

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

describe("enrichment at ingest", () => {
  let t: TestApp;
  let syslog: SyslogIngest;
  let udpPort: number;
  let h: ReturnType<typeof detectionHelpers>;
  let analyst: { authorization: string };
  const stored = async (id: string): Promise<LogEvent> =>
    (await t.app.inject({ url: `/api/v1/logs/${id}`, headers: analyst })).json();
  const total = async (q: string) => {
    const res = await t.app.inject({ url: `/api/v1/logs?q=${encodeURIComponent(q)}`, headers: analyst });
    expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    return res.json().total as number;
  };

  beforeAll(async () => {
    udpPort = await freeUdpPort();
    t = await startTestApp({
      VIGIE_RATE_LIMIT_API: "0",
      VIGIE_SYSLOG_UDP_PORT: String(udpPort),
      VIGIE_SYSLOG_DEFAULT_SITE: "AUDIO_005",
    });
    syslog = (await startSyslog(t.ctx))!;
    h = detectionHelpers(t);
    analyst = await t.as("analyst");
    await t.ctx.engine.start();
    const res = await t.call("PATCH", "/api/v1/sites/AUDIO_005", await t.as("admin"), {
      networks: ["10.5.0.0/16"],
    });
    expect(res.statusCode).toBe(200);
    // sites.changed reloads the networks in the background; wait for it rather than race it.
    await t.ctx.enrichmentSites!.reload();
  });
  afterAll(async () => {
    await syslog?.close();
    await t?.close();
  });

  it("stores country and AS of public addresses and the site of addresses in site networks", async () => {
    const [id] = await t.ingest([probe("5.255.255.5", "10.5.1.2")]);
    const event = await stored(id!);
    expect(event.normalized).toMatchObject({
      source_country: "RU",
      source_asn: 13238,
      dest_site: "AUDIO_005",
    });
    expect(event.normalized.source_as_org).toMatch(/yandex/i);
    expect(event.normalized.dest_country).toBeUndefined();
    expect(event.normalized.source_site).toBeUndefined();
  });

  it("enriches the AudioSOC v1 path too (every path shares the pipeline)", async () => {
    const res = await t.call("POST", "/api/ingest", t.ingestHeaders, {
      source: "firewall",
      event_type: "port_scan",
      severity: "high",
      description: "scan",
      metadata: { source_ip: "2606:4700:4700::1111", dest_ip: "10.5.9.9" },
      site_id: "AUDIO_005",
    });
    expect(res.statusCode, res.body).toBe(201);
    const event = await stored(res.json().id);
    expect(event.normalized).toMatchObject({
      source_country: "US",
      source_asn: 13335,
      dest_site: "AUDIO_005",
    });
  });

  it("enriches syslog lines too (decoded addresses)", async () => {
    const line =
      "<10>Jan 12 10:00:03 fw CEF:0|Fortinet|FortiGate|7.0|13|traffic denied|5|src=2a00:1450:4007:80e::200e dst=10.5.0.8 spt=4444 dpt=445 proto=TCP act=deny msg=enrichsyslog";
    const socket = createSocket("udp4");
    await new Promise<void>((resolve, reject) =>
      socket.send(line, udpPort, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
    );
    socket.close();
    let found: LogEvent | undefined;
    await vi.waitFor(
      async () => {
        found = (await t.ctx.events.list({ equals: {}, query: parseQuery("enrichsyslog") }, 0, 1)).items[0];
        expect(found).toBeDefined();
      },
      { timeout: 8000, interval: 50 },
    );
    expect(found!.normalized).toMatchObject({
      source_country: "IE",
      source_asn: 15169,
      dest_site: "AUDIO_005",
    });
  });

  it("fires a rule whose condition reads the enriched fields", async () => {
    const rule = await h.createRule({
      name: "Inbound from Russia to AUDIO_005",
      rule_type: "threshold",
      severity: "medium",
      cooldown_seconds: 0,
      conditions: {
        event_filter: {
          all: [
            { field: "event_type", op: "eq", value: "enrichment_probe" },
            { field: "source_country", op: "eq", value: "RU" },
            { field: "normalized.dest_site", op: "eq", value: "AUDIO_005" },
          ],
        },
        threshold: 1,
        window_seconds: 60,
        group_by: "source_ip",
      },
    });
    await t.ingest([probe("8.8.8.8", "10.5.1.3"), probe("5.255.255.6", "10.5.1.3")]);
    await h.settle();
    const alerts = await eventually(async () => {
      const items = (await h.alerts(`?rule_id=${rule.id}`)).items as { group_value: string }[];
      return items.length ? items : null;
    });
    expect(alerts.map((a) => a.group_value)).toEqual([expect.stringContaining("5.255.255.6")]);
  });

  it("finds events by the enriched fields in the search language", async () => {
    expect(await total("source_country:ru event_type:enrichment_probe")).toBe(2);
    expect(await total("source_asn:AS13238")).toBe(2);
    expect(await total("source_asn>=13300 source_asn<13400")).toBe(1);
    expect(await total('source_as_org:"google llc"')).toBe(2);
    expect(await total("dest_site:audio_005")).toBe(5);
    expect(await total("normalized.source_country:US")).toBe(2);
    expect(await total("dest_country:*")).toBe(0);
  });
});

describe("enrichment switched off", () => {
  it("stores events as they were (VIGIE_ENRICHMENT=off)", async () => {
    const t = await startTestApp({ VIGIE_ENRICHMENT: "off" });
    try {
      expect(t.ctx.enrichment.names).toEqual([]);
      const [id] = await t.ingest([probe("5.255.255.5", "10.5.1.2")]);
      const res = await t.app.inject({ url: `/api/v1/logs/${id}`, headers: await t.as("analyst") });
      expect(res.json().normalized.source_country).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
