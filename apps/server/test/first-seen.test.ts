import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MemoryWindowStore } from "../src/detection/state/memory-store.ts";
import { createDetection } from "../src/detection/wiring.ts";
import { type SyslogIngest, startSyslog } from "../src/ingest/syslog/start.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

// First-seen rules through ingest (docs/RULES.md "First seen", ADR 0029), with the default rule
// "VPN Logon From a New Country": a user's VPN logon from a country not seen for them in 30 days.

const RULE = "VPN Logon From a New Country";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Countries of the offline database the enrichment reads (ADR 0025).
const FR = ["90.0.0.1", "80.12.0.1"];
const RU = "5.255.255.5";
const DE = "5.7.8.9";

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const vpnLogon = (username: string, source_ip: string, at: string) => ({
  source_type: "firewall",
  event_type: "vpn_tunnel_up",
  username,
  source_ip,
  timestamp: at,
  site_id: "AUDIO_003",
  message: "SSL tunnel established",
});

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

describe("first-seen rules through ingest", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  let syslog: SyslogIngest;
  let udpPort: number;
  let ruleId: string;
  const alertsOf = async (id: string) => (await h.alerts(`?rule_id=${id}&per_page=100`)).items;

  beforeAll(async () => {
    udpPort = await freeUdpPort();
    t = await startTestApp({
      VIGIE_RATE_LIMIT_API: "0",
      VIGIE_SYSLOG_UDP_PORT: String(udpPort),
      VIGIE_SYSLOG_DEFAULT_SITE: "AUDIO_004",
    });
    syslog = (await startSyslog(t.ctx))!;
    h = detectionHelpers(t);
    await t.ctx.engine.start();
    const rules = (await t.call("GET", "/api/v1/rules?per_page=200", await t.as("analyst"))).json();
    const rule = (rules.items ?? rules).find((r: { name: string }) => r.name === RULE);
    expect(rule).toMatchObject({
      rule_type: "first_seen",
      enabled: true,
      mitre_techniques: ["T1078", "T1133"],
      conditions: { fields: ["normalized.source_country"], group_by: "username", history_days: 30 },
    });
    expect(rule.description).toMatch(/What to do:/);
    ruleId = rule.id;
  });
  afterAll(async () => {
    await syslog?.close();
    await t?.close();
  });

  it("raises one alert for a logon from a new country, none for a known one or a second time", async () => {
    // The rule learns for 30 days from its first logon: then FR is bob's, and RU is new.
    await h.ingest([vpnLogon("bob", FR[0]!, ago(30.5 * DAY))]);
    await h.ingest([vpnLogon("bob", FR[1]!, ago(20 * HOUR))]);
    await h.settle();
    expect(await alertsOf(ruleId)).toEqual([]);
    await h.ingest([vpnLogon("bob", RU, ago(HOUR))]);
    await h.settle();
    const alerts = await alertsOf(ruleId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      group_value: "bob / RU",
      matched_event_count: 1,
      severity: "medium",
    });
    await h.ingest([vpnLogon("bob", RU, ago(HOUR / 2))]);
    await h.settle();
    expect(await alertsOf(ruleId)).toHaveLength(1);
  });

  it("replays the same answer in a backtest: the rule learns its history before the tested hours", async () => {
    const res = await t.call("POST", `/api/v1/rules/${ruleId}/test`, await t.as("supervisor"), { hours: 24 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ alerts_would_fire: 1, alerts: [{ group_value: "bob / RU" }] });
  });

  it("does not raise again after a restart: the replay rebuilds the seen values from stored logons", async () => {
    await t.ctx.engine.stop();
    const fresh = createDetection({ ...t.ctx, store: new MemoryWindowStore() });
    await fresh.engine.start();
    try {
      expect(fresh.engine.stats.replayed).toBeGreaterThanOrEqual(4);
      await h.ingest([vpnLogon("bob", RU, ago(60_000)), vpnLogon("bob", FR[0]!, ago(50_000))]);
      await fresh.engine.idle();
      expect(await alertsOf(ruleId)).toHaveLength(1);
      // The stored events reach back beyond the 30 days of history: the learning is over, and a country
      // new to bob alerts.
      await h.ingest([vpnLogon("bob", DE, ago(0))]);
      await fresh.engine.idle();
      expect(
        (await alertsOf(ruleId)).map((alert: { group_value: string }) => alert.group_value).sort(),
      ).toEqual(["bob / DE", "bob / RU"]);
    } finally {
      await fresh.engine.stop();
    }
  });

  it("decodes real FortiGate SSL VPN lines and alerts on the user's new country", async () => {
    // The FortiGate "SSL VPN tunnel up" line of Wazuh's ruleset tests (stored at its arrival time), as a
    // FortiGate sends it over syslog; the third from another address.
    const line = (remip: string) => {
      return `<189>date=2016-06-16 time=08:47:00 devname=Device_Name devid=FGTXXXX9999999999 logid=0101039947 type=event subtype=vpn level=information vd="root" logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" tunnelid=1050355638 remip=${remip} tunnelip=1.2.4.6 user="my_user_name" group="SSL_VPN" dst_host="N/A" reason="N/A" msg="SSL tunnel established"`;
    };
    // The user's first VPN logon after the learning is new too (a valid account never seen on the VPN).
    await expectAlertsAfterSyslog([line("9.8.7.7"), line("9.8.7.7"), line(RU)], "my_user_name", [
      "my_user_name / RU",
      "my_user_name / US",
    ]);
  });

  it("alerts on a Cisco ASA AnyConnect logon from a new country, one logon per session", async () => {
    // After Cisco's message catalogue: an AnyConnect logon writes the session start, then the address assignment.
    const session = (ip: string) => [
      `<166>Jun 01 2026 10:00:00 asa-clinic3 : %ASA-6-113039: Group <GP_Clinics> User <acuser> IP <${ip}> AnyConnect parent session started.`,
      `<166>Jun 01 2026 10:00:01 asa-clinic3 : %ASA-6-722051: Group <GP_Clinics> User <acuser> IP <${ip}> IPv4 Address <10.250.0.12> IPv6 address <::> assigned to session`,
    ];
    await expectAlertsAfterSyslog([...session(FR[0]!), ...session(FR[1]!), ...session(DE)], "acuser", [
      "acuser / DE",
      "acuser / FR",
    ]);
    const logons = encodeURIComponent("event_type:login_success normalized.service:vpn username:acuser");
    expect((await t.call("GET", `/api/v1/logs?q=${logons}`, await t.as("analyst"))).json().total).toBe(3);
  });

  /**
   * Sends the lines over UDP syslog one at a time (each stored before the next, so their order holds), then
   * expects the rule's alerts for the user, as a fresh engine judges them.
   */
  async function expectAlertsAfterSyslog(
    lines: string[],
    username: string,
    expected: string[],
  ): Promise<void> {
    const engine = createDetection({ ...t.ctx, store: new MemoryWindowStore() }).engine;
    await engine.start();
    const socket = createSocket("udp4");
    try {
      const before = await storedOf(username);
      for (const [i, text] of lines.entries()) {
        await new Promise<void>((resolve, reject) =>
          socket.send(text, udpPort, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
        );
        await vi.waitFor(async () => expect(await storedOf(username)).toBe(before + i + 1), {
          timeout: 8000,
          interval: 50,
        });
      }
      await vi.waitFor(
        async () => {
          await engine.idle();
          const shown = (await alertsOf(ruleId)).map((alert: { group_value: string }) => alert.group_value);
          expect(shown.filter((value: string) => value.startsWith(`${username} /`)).sort()).toEqual(expected);
        },
        { timeout: 8000, interval: 100 },
      );
    } finally {
      socket.close();
      await engine.stop();
    }
  }

  async function storedOf(username: string): Promise<number> {
    const q = encodeURIComponent(`username:${username}`);
    return (await t.call("GET", `/api/v1/logs?q=${q}`, await t.as("analyst"))).json().total;
  }

  it("refuses bad first-seen conditions with 422 naming the field, and has no Sigma form", async () => {
    const supervisor = await t.as("supervisor");
    const create = (conditions: Record<string, unknown>) =>
      t.call("POST", "/api/v1/rules", supervisor, {
        name: `fs ${Math.random()}`,
        severity: "low",
        rule_type: "first_seen",
        conditions: {
          event_filter: { event_type: "vpn_tunnel_up" },
          fields: ["normalized.source_country"],
          history_days: 30,
          ...conditions,
        },
      });
    for (const [conditions, field] of [
      [{ fields: ["username"], group_by: "username" }, "conditions.fields.0"],
      [{ history_days: 0 }, "conditions.history_days"],
      [{ learning_days: 31 }, "conditions.learning_days"],
      [{ fields: [] }, "conditions.fields"],
    ] as const) {
      const res = await create(conditions);
      expect(res.statusCode, res.body).toBe(422);
      expect(JSON.stringify(res.json())).toContain(field);
    }
    const sigma = await t.call("GET", `/api/v1/rules/${ruleId}/sigma`, await t.as("analyst"));
    expect(sigma.statusCode).toBe(422);
    expect(sigma.body).toMatch(/first-seen/);
  });

  it("learns a new rule's history from stored events at once, instead of alerting on every value", async () => {
    await t.ctx.engine.start();
    const rule = await h.createRule({
      name: "New country per user (any logon)",
      rule_type: "first_seen",
      severity: "low",
      conditions: {
        event_filter: { event_type: "vpn_tunnel_up" },
        fields: ["normalized.source_country"],
        group_by: "username",
        across_sites: true,
        history_days: 30,
        learning_days: 7,
      },
    });
    await h.settle(); // the reload that compiles the rule and learns its history
    await h.ingest([vpnLogon("bob", FR[0]!, ago(1000)), vpnLogon("bob", "2.2.2.2", ago(500))]);
    await h.settle();
    expect((await alertsOf(rule.id)).map((alert: { group_value: string }) => alert.group_value)).toEqual([
      "bob / US",
    ]);
  });

  it("migration 0029 adds the same default rule to an installation that has rules", async () => {
    const sql = readFileSync(new URL("../migrations/0029_first_seen_rules.sql", import.meta.url), "utf8");
    const insert = sql.slice(sql.indexOf("INSERT INTO rules"));
    const columns =
      "name, description, rule_type, conditions, severity, enabled, mitre_tactic, mitre_technique, cooldown_seconds, actions, mitre_tactics, mitre_techniques";
    const read = async () =>
      (await t.ctx.db.pool.query(`SELECT ${columns} FROM rules WHERE name = '${RULE}'`)).rows;
    const seeded = await read();
    expect(seeded).toHaveLength(1);
    await t.ctx.db.pool.query(`DELETE FROM rules WHERE name = '${RULE}'`);
    await t.ctx.db.pool.query(insert);
    expect(await read()).toEqual(seeded);
    await t.ctx.db.pool.query(insert);
    expect(await read()).toHaveLength(1);
  });
});
