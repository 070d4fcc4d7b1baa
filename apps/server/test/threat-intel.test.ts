import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { LogEvent } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFeeds, runFeeds } from "../src/modules/threat-intel/feeds.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

// Threat intelligence (docs/THREAT-INTEL.md): import, matching at ingest, the default rule, the look-back.

const event = (fields: Record<string, unknown>) => ({
  source_type: "firewall",
  event_type: "connection",
  site_id: "AUDIO_005",
  message: "connection allowed",
  ...fields,
});

describe("threat intelligence", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  let admin: { authorization: string };
  const importFile = async (body: string, query: string, type = "text/plain", headers = admin) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/indicators/import?${query}`,
      headers: { ...headers, "content-type": type },
      payload: body,
    });
  const stored = async (id: string): Promise<LogEvent> =>
    (await t.app.inject({ url: `/api/v1/logs/${id}`, headers: admin })).json();
  const indicatorAlerts = async (value: string) => {
    const items = (await h.alerts("?per_page=200")).items as {
      rule_name: string;
      group_value: string;
      occurrences: number;
      matched_event_ids: string[];
    }[];
    return items.filter((a) => a.rule_name === "Threat Indicator Match" && a.group_value.endsWith(value));
  };

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
    admin = await t.as("admin");
    await t.ctx.engine.start();
  });
  afterAll(() => t?.close());

  it("imports a plain list with a report of refused lines, and re-importing updates", async () => {
    const list =
      "# a comment\n203.0.113.7\nEvil.Example.COM.\n198.51.100.0/24\nnot a thing!\n44d88612fea8a8f36de82e1278abb02f\nhttps://bad.example.net/payload?x=1\n";
    const res = await importFile(list, "source=feed-a&confidence=80");
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ accepted: 5, added: 5, updated: 0, refused_count: 1 });
    expect(report.refused).toEqual([{ ref: "line 5", reason: "not an IP, CIDR, domain, URL or hash" }]);
    const again = (await importFile(list, "source=feed-a&confidence=90")).json();
    expect(again).toMatchObject({ accepted: 5, added: 0, updated: 5 });
    const listed = (await t.call("GET", "/api/v1/indicators?source=feed-a&per_page=10", admin)).json();
    expect(listed.total).toBe(5);
    expect(listed.items.map((i: { value: string }) => i.value)).toEqual(
      expect.arrayContaining(["evil.example.com", "198.51.100.0/24", "bad.example.net/payload?x=1"]),
    );
    expect(listed.items.every((i: { confidence: number }) => i.confidence === 90)).toBe(true);
  });

  it("tags an ingested event carrying a listed IP and raises the default rule's alert", async () => {
    await t.ctx.indicators!.reload();
    const [id] = await h.ingest([event({ source_ip: "10.0.0.9", dest_ip: "203.0.113.7" })]);
    await h.settle();
    expect((await stored(id!)).normalized).toMatchObject({
      threat_indicator: "203.0.113.7",
      threat_indicator_kind: "ip",
      threat_indicator_source: "feed-a",
      threat_indicator_confidence: 90,
      threat_indicator_field: "dest_ip",
    });
    const alerts = await indicatorAlerts("203.0.113.7");
    expect(alerts).toHaveLength(1);
    expect(await t.scrape()).toMatch(/^vigie_threat_indicators 5$/m);
  });

  it("matches CIDRs, subdomains, URLs and Sysmon hashes", async () => {
    const ids = await h.ingest([
      event({ source_ip: "198.51.100.77" }),
      event({ source_type: "dns", event_type: "dns_query", query: "cdn.evil.example.com" }),
      event({ source_type: "proxy", event_type: "http_request", url: "BAD.example.net/payload?x=1" }),
      event({
        source_type: "endpoint",
        event_type: "process_created",
        source_fields: { Hashes: "SHA1=AAAA,MD5=44D88612FEA8A8F36DE82E1278ABB02F,SHA256=BBBB" },
      }),
    ]);
    const values = await Promise.all(ids.map(async (id) => (await stored(id)).normalized.threat_indicator));
    expect(values).toEqual([
      "198.51.100.0/24",
      "evil.example.com",
      "bad.example.net/payload?x=1",
      "44d88612fea8a8f36de82e1278abb02f",
    ]);
    const search = async (q: string) => {
      const res = await t.call("GET", `/api/v1/logs?q=${encodeURIComponent(q)}`, admin);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().total;
    };
    expect(await search("threat_indicator_kind:domain")).toBe(1);
    expect(await search("threat_indicator:Evil.Example.com AND threat_indicator_confidence>=90")).toBe(1);
    expect(await search("threat_indicator_source:feed-a")).toBe(5);
  });

  it("matches the Hashes field of a Sysmon process creation sent as EVTX JSON", async () => {
    const line = readFileSync(
      new URL("../src/ingest/formats/fixtures/sigma-regression-evtx.ndjson", import.meta.url),
      "utf8",
    )
      .split("\n")
      .find((l) => l.includes("6FB10CD439B40D92935F8F6A0C99670A"))!
      // Recorded in 2025: moved to now, inside the retention window.
      .replace(/"SystemTime": "[^"]+"/, `"SystemTime": "${new Date().toISOString()}"`);
    await importFile("6fb10cd439b40d92935f8f6a0c99670a\n", "source=hashes");
    await t.ctx.indicators!.reload();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/raw?site_id=AUDIO_005",
      headers: { ...t.ingestHeaders, "content-type": "application/x-ndjson" },
      payload: line,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await stored(res.json().ids[0])).normalized).toMatchObject({
      threat_indicator: "6fb10cd439b40d92935f8f6a0c99670a",
      threat_indicator_kind: "hash",
      threat_indicator_field: "Hashes",
    });
  });

  it("ignores an expired indicator: no tag, no alert", async () => {
    const res = await importFile("192.0.2.55\n", "source=old&expires_at=2020-01-01T00:00:00Z");
    expect(res.json()).toMatchObject({ added: 1, look_back: { skipped: "no new indicators" } });
    await t.ctx.indicators!.reload();
    const [id] = await h.ingest([event({ source_ip: "192.0.2.55" })]);
    await h.settle();
    expect((await stored(id!)).normalized.threat_indicator).toBeUndefined();
    expect(await indicatorAlerts("192.0.2.55")).toEqual([]);
  });

  it("drops a sender's own indicator keys", async () => {
    const [id] = await h.ingest([event({ source_fields: { threat_indicator: "1.2.3.4" } })]);
    expect((await stored(id!)).normalized.threat_indicator).toBeUndefined();
  });

  it("reads STIX 2.1 bundles, refusing other object types", async () => {
    const bundle = {
      type: "bundle",
      id: "bundle--1",
      objects: [
        { type: "identity", id: "identity--1", name: "CERT" },
        {
          type: "indicator",
          id: "indicator--1",
          pattern_type: "stix",
          pattern: "[ipv4-addr:value = '192.0.2.10'] OR [domain-name:value = 'stix.example.org']",
          confidence: 70,
          valid_until: "2099-01-01T00:00:00Z",
        },
        {
          type: "indicator",
          id: "indicator--2",
          pattern: `[file:hashes.'SHA-256' = '${"ab".repeat(32)}']`,
        },
        {
          type: "indicator",
          id: "indicator--3",
          pattern: "[ipv4-addr:value = '1.1.1.1' AND ipv4-addr:value = '2.2.2.2']",
        },
      ],
    };
    const res = await importFile(JSON.stringify(bundle), "source=stix-feed", "application/json");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 3, refused_count: 2 });
    expect(res.json().refused).toEqual([
      { ref: "identity--1", reason: 'unknown STIX type "identity"' },
      { ref: "indicator--3", reason: "pattern is not [path = 'value'] comparisons joined by OR" },
    ]);
    const listed = (await t.call("GET", "/api/v1/indicators?source=stix-feed", admin)).json();
    expect(listed.items.find((i: { value: string }) => i.value === "192.0.2.10")).toMatchObject({
      kind: "ip",
      confidence: 70,
      expires_at: "2099-01-01T00:00:00.000Z",
    });
  });

  it("reads MISP events, attributes of objects included", async () => {
    const misp = {
      Event: {
        info: "campaign",
        Attribute: [
          { uuid: "a-1", type: "ip-dst", value: "192.0.2.20" },
          { uuid: "a-2", type: "hostname", value: "misp.example.org" },
          { uuid: "a-3", type: "email-src", value: "x@example.org" },
        ],
        Object: [{ Attribute: [{ uuid: "a-4", type: "sha1", value: "a".repeat(40) }] }],
      },
    };
    const res = await importFile(JSON.stringify(misp), "source=misp-feed&format=misp", "application/json");
    expect(res.json()).toMatchObject({
      accepted: 3,
      refused: [{ ref: "a-3", reason: 'MISP type "email-src" is not read' }],
    });
  });

  it("stores nothing on a fatal error, refuses an oversized file and non-admins", async () => {
    const bad = await importFile('{"type": "bundle", "objects": [', "source=broken", "application/json");
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toMatch(/not valid JSON/);
    expect((await t.call("GET", "/api/v1/indicators?source=broken", admin)).json().total).toBe(0);
    const big = await importFile("1.2.3.4\n".repeat(2_200_000), "source=big");
    expect(big.statusCode).toBe(413);
    const supervisor = await importFile("1.2.3.4\n", "source=s", "text/plain", await t.as("supervisor"));
    expect(supervisor.statusCode).toBe(403);
    const noSource = await importFile("1.2.3.4\n", "format=text");
    expect(noSource.statusCode).toBe(422);
  });

  it("looks back over stored events for new indicators, once", async () => {
    const [id] = await h.ingest([event({ source_ip: "192.0.2.99", dest_ip: "10.1.1.1" })]);
    await h.settle();
    expect((await stored(id!)).normalized.threat_indicator).toBeUndefined();
    const first = (await importFile("192.0.2.99\n", "source=late")).json();
    expect(first.look_back).toMatchObject({ days: 7, events_matched: 1, alerts: 1 });
    const alerts = await indicatorAlerts("192.0.2.99");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.matched_event_ids).toEqual([id]);
    const again = (await importFile("192.0.2.99\n", "source=late")).json();
    expect(again.look_back).toMatchObject({ events_matched: 0, alerts: 0 });
    expect((await indicatorAlerts("192.0.2.99"))[0]!.occurrences).toBe(1);
  });

  it("raises nothing in the look-back while the rule is disabled", async () => {
    const rules = (await t.call("GET", "/api/v1/rules", admin)).json() as { id: string; name: string }[];
    const rule = rules.find((r) => r.name === "Threat Indicator Match")!;
    await h.patchRule(rule.id, { enabled: false });
    await h.ingest([event({ source_ip: "192.0.2.98" })]);
    const report = (await importFile("192.0.2.98\n", "source=while-off")).json();
    expect(report.look_back).toMatchObject({ alerts: 0, skipped: expect.stringMatching(/disabled/) });
    await h.patchRule(rule.id, { enabled: true });
  });

  it("deletes a source's list (admin, audited) and every node stops matching it", async () => {
    const res = await t.call("DELETE", "/api/v1/indicators?source=feed-a", admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ removed: 5 });
    await t.ctx.indicators!.reload();
    const [id] = await h.ingest([event({ dest_ip: "203.0.113.7" })]);
    expect((await stored(id!)).normalized.threat_indicator).toBeUndefined();
    const audit = (await t.call("GET", "/api/v1/audit?per_page=50", admin)).json();
    const actions = audit.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["indicators.imported", "indicators.deleted"]));
    expect((await t.call("DELETE", "/api/v1/indicators?source=feed-a", admin)).statusCode).toBe(404);
  });

  it("migration 0026 adds the same default rule to an installation that has rules", async () => {
    const sql = readFileSync(new URL("../migrations/0026_threat_intel.sql", import.meta.url), "utf8");
    const insert = sql.slice(sql.indexOf("INSERT INTO rules"));
    const columns =
      "name, description, rule_type, conditions, severity, enabled, mitre_tactic, mitre_technique, cooldown_seconds, actions, mitre_tactics, mitre_techniques";
    const read = async () =>
      (await t.ctx.db.pool.query(`SELECT ${columns} FROM rules WHERE name = 'Threat Indicator Match'`)).rows;
    const seeded = await read();
    expect(seeded).toHaveLength(1);
    await t.ctx.db.pool.query("DELETE FROM rules WHERE name = 'Threat Indicator Match'");
    await t.ctx.db.pool.query(insert);
    expect(await read()).toEqual(seeded);
    await t.ctx.db.pool.query(insert);
    expect(await read()).toHaveLength(1);
  });

  it("fetches feeds from URLs (worker schedule): a failing feed leaves its list as it was", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/list.txt") res.end("192.0.2.150\nfeed.example.org\n");
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await runFeeds(t.ctx, parseFeeds(`remote=${base}/list.txt, gone=${base}/missing`));
      const listed = (await t.call("GET", "/api/v1/indicators?source=remote", admin)).json();
      expect(listed.items.map((i: { value: string }) => i.value).sort()).toEqual([
        "192.0.2.150",
        "feed.example.org",
      ]);
      expect((await t.call("GET", "/api/v1/indicators?source=gone", admin)).json().total).toBe(0);
    } finally {
      server.close();
    }
    expect(() => parseFeeds("nourl")).toThrow(/VIGIE_INDICATOR_FEEDS: "nourl"/);
    expect(() => parseFeeds("x=ftp://host/list")).toThrow(/source=http/);
  });
});
