import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageOf } from "../src/http/pagination.ts";
import { indexNextSlice } from "../src/ingest/search-indexer.ts";
import { EventsRepository } from "../src/modules/logs/events.repository.ts";
import { parseQuery } from "../src/modules/logs/query/parse.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();

/** A small, varied event set: every clause of the language has something to find and to leave out. */
const EVENTS = [
  {
    source_type: "auth",
    event_type: "login_failure",
    severity: "medium",
    site_id: "AUDIO_007",
    source_ip: "10.7.0.12",
    username: "Alice",
    hostname: "RECEPTION-PC1",
    service: "sshd",
    message: "Failed password for Alice from 10.7.0.12 port 5022 ssh2",
    timestamp: at(0),
  },
  {
    source_type: "auth",
    event_type: "login_failure",
    severity: "high",
    site_id: "AUDIO_007",
    source_ip: "10.7.3.4",
    username: "bob",
    service: "sshd",
    message: "Failed password for bob",
    timestamp: at(1),
  },
  {
    source_type: "auth",
    event_type: "login_failure",
    severity: "medium",
    site_id: "AUDIO_008",
    source_ip: "192.168.1.20",
    username: "carol",
    service: "sshd",
    message: "Failed password for carol via sshd",
    timestamp: at(2),
  },
  {
    source_type: "firewall",
    event_type: "firewall_deny",
    severity: "low",
    site_id: "AUDIO_007",
    source_ip: "203.0.113.9",
    dest_ip: "10.7.0.12",
    dest_port: 3389,
    action: "deny",
    message: "deny tcp",
    timestamp: at(3),
  },
  {
    source_type: "firewall",
    event_type: "firewall_allow",
    severity: "info",
    site_id: "AUDIO_008",
    source_ip: "2001:db8::5",
    dest_port: 443,
    message: "allow tcp",
    timestamp: at(4),
  },
  {
    source_type: "endpoint",
    event_type: "process_start",
    severity: "high",
    site_id: "AUDIO_008",
    hostname: "audio008-ws2",
    command_line: "powershell.exe -enc SQBFAFgA",
    message: "process started",
    metadata: { agent: { version: "7.1" }, tags: "pilot" },
    timestamp: at(5),
  },
];

describe("the search language over stored events", () => {
  let t: TestApp;
  let analyst: { authorization: string };
  const search = async (q: string, extra = "") =>
    t.app.inject({ url: `/api/v1/logs/search?q=${encodeURIComponent(q)}${extra}`, headers: analyst });
  const total = async (q: string, extra = "") => {
    const res = await search(q, extra);
    expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    return res.json().total as number;
  };

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650" });
    analyst = await t.as("analyst");
    await t.ingest(EVENTS);
  });
  afterAll(() => t.close());

  it("keeps every filter of the form when there is search text (text + severity + site)", async () => {
    expect(await total("sshd")).toBe(3);
    expect(await total("sshd", "&severity=medium")).toBe(2);
    expect(await total("sshd", "&severity=medium&site_id=AUDIO_007")).toBe(1);
    const list = await t.app.inject({ url: "/api/v1/logs?q=sshd&site_id=AUDIO_008", headers: analyst });
    expect(list.json()).toMatchObject({ total: 1, items: [{ username: "carol" }] });
  });

  it("compares case-insensitively by default, on columns and source fields alike", async () => {
    expect(await total("username:alice")).toBe(1);
    expect(await total("hostname:reception-pc1")).toBe(1);
    expect(await total("SEVERITY:HIGH")).toBe(2);
    expect(await total("site_id:audio_007")).toBe(3);
    expect(await total("service:SSHD")).toBe(3);
    expect(await total("normalized.action:DENY")).toBe(1);
  });

  it("supports wildcards, AND / OR / NOT, '-' and parentheses", async () => {
    expect(await total("hostname:audio0*")).toBe(1);
    expect(await total("username:?ob")).toBe(1);
    expect(await total("command_line:*-enc*")).toBe(1);
    expect(await total("event_type:login_failure AND NOT site_id:AUDIO_007")).toBe(1);
    expect(await total("event_type:login_failure -username:bob")).toBe(2);
    expect(await total("(username:bob OR username:carol) severity:medium")).toBe(1);
    expect(await total("event_type:firewall_deny OR event_type:process_start")).toBe(2);
  });

  it("compares ranges of severities, ports and times", async () => {
    expect(await total("severity>=high")).toBe(2);
    expect(await total("severity<medium")).toBe(2);
    expect(await total("dest_port>=1024")).toBe(1);
    expect(await total("dest_port<1024")).toBe(1);
    expect(await total(`timestamp>=${at(3)}`)).toBe(3);
    expect(await total(`timestamp<${at(1)}`)).toBe(1);
    expect(await total("metadata.agent.version>7")).toBe(1);
  });

  it("matches addresses by CIDR, IPv4 and IPv6, and fields that exist", async () => {
    expect(await total("source_ip:10.7.0.0/16")).toBe(2);
    expect(await total("source_ip:10.0.0.0/8 OR dest_ip:10.0.0.0/8")).toBe(3);
    expect(await total("source_ip:2001:db8::/32")).toBe(1);
    expect(await total("dest_port:*")).toBe(2);
    expect(await total("metadata.tags:*")).toBe(1);
    expect(await total("NOT hostname:*")).toBe(4);
  });

  it("finds free text, phrases and word prefixes", async () => {
    expect(await total("password")).toBe(3);
    expect(await total('"password for alice"')).toBe(1);
    expect(await total("passw*")).toBe(3);
    expect(await total("password NOT alice")).toBe(2);
  });

  it("finds free text under OR and NOT and beside field tests, indexed or not yet", async () => {
    const cases: [string, number][] = [
      ["password OR event_type:firewall_deny", 4],
      ["sshd OR dest_port:443", 4],
      ["NOT (password AND severity:high)", 5],
      ["-password site_id:AUDIO_008", 2],
      ["(tcp OR started) AND NOT deny", 2],
      ["(tcp OR started) OR severity:medium", 5],
      ["(password -alice) OR (tcp -allow)", 3],
    ];
    const totals = async () => Promise.all(cases.map(async ([q]) => [q, await total(q)]));
    expect(await totals()).toEqual(cases);
    // The same answers once every event has moved from the search backlog into the full-text index.
    while ((await indexNextSlice(t.ctx.db)) !== null);
    expect(await totals()).toEqual(cases);
  });

  it("sorts on an indexed column", async () => {
    const res = await t.app.inject({
      url: "/api/v1/logs?sort=severity&order=asc&per_page=6",
      headers: analyst,
    });
    expect(res.statusCode).toBe(200);
    const severities = res.json().items.map((e: { severity: string }) => e.severity);
    expect(severities).toEqual([...severities].sort());
    const oldest = await t.app.inject({ url: "/api/v1/logs?order=asc&per_page=1", headers: analyst });
    expect(oldest.json().items[0].timestamp).toBe(at(0));
  });

  it("counts exactly from the rollups past the counting limit, and says when a total is only a lower bound", async () => {
    const small = new EventsRepository(t.ctx.db, 2);
    expect(await small.list({ equals: { site_id: "AUDIO_007" } }, 0, 1)).toMatchObject({
      total: 3,
      lowerBound: false,
    });
    expect(await small.list({ equals: {} }, 0, 1)).toMatchObject({ total: EVENTS.length, lowerBound: false });
    const text = await small.list({ equals: {}, query: parseQuery("password") }, 0, 1);
    expect(text).toMatchObject({ total: 2, lowerBound: true });
    expect(pageOf(text.items, text.total, 1, 1, text.lowerBound)).toMatchObject({
      total_is_lower_bound: true,
    });
  });

  it("answers a malformed query with a 422 naming q and the position, never a 500", async () => {
    const cases: [string, number][] = [
      ["severity:urgent", 0],
      ["sshd (severity:high", 5],
      ["source_ip:10.0.0.0/99x", 0],
      ["dest_port>=abc", 0],
      ["timestamp>yesterday", 0],
      ["scenario_run_id:now", 0],
      ['"unclosed', 0],
    ];
    for (const [q, position] of cases) {
      const res = await search(q);
      expect(res.statusCode, q).toBe(422);
      expect(res.json().details[0], q).toMatchObject({ field: "q", type: "query_syntax", position });
    }
  });

  // Last: it adds events of its own.
  it("narrows free text by a site and a time window, indexed or not yet, and on index rows without a site", async () => {
    const word = "zebrafinch";
    const ids = await t.ingest(
      ["AUDIO_007", "AUDIO_007", "AUDIO_008"].map((site_id, i) => ({
        source_type: "application",
        site_id,
        message: `${word} ${i}`,
        timestamp: at(10 + i),
      })),
    );
    const window = `&from=${at(11)}&to=${at(12)}`;
    const cases: [string, string, number][] = [
      [`${word} site_id:AUDIO_007`, "", 2],
      [`site_id:audio_007 AND ${word}`, "", 2],
      [word, "&site_id=AUDIO_008", 1],
      [`${word} site_id:AUDIO_00*`, "", 3],
      [`${word} (site_id:AUDIO_008 OR severity:info)`, "", 3],
      [word, window, 2],
      [`${word} site_id:AUDIO_007`, window, 1],
    ];
    const totals = async () =>
      Promise.all(cases.map(async ([q, extra]) => [q, extra, await total(q, extra)]));
    expect(await totals()).toEqual(cases);
    while ((await indexNextSlice(t.ctx.db)) !== null);
    const { rows } = await t.ctx.db.pool.query(
      "SELECT site_id FROM event_search WHERE id = ANY($1::uuid[]) ORDER BY site_id",
      [ids],
    );
    expect(rows.map((r: { site_id: string }) => r.site_id)).toEqual(["AUDIO_007", "AUDIO_007", "AUDIO_008"]);
    expect(await totals()).toEqual(cases);
    // Rows indexed before the index kept sites (migration 0035) are tested on their events.
    await t.ctx.db.pool.query("UPDATE event_search SET site_id = NULL WHERE id = ANY($1::uuid[])", [ids]);
    expect(await totals()).toEqual(cases);
  });
});
