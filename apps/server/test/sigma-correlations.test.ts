import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { eventually } from "./support/detection.ts";

// The nine correlation examples of the Sigma specification, imported through the HTTP API over the
// detection rules they name (fixtures/sigma-correlations/bases*.yml), each fed events written to make it
// fire and near misses that must stay silent. Embedded or PostgreSQL storage (TEST_DATABASE_URL); with
// TEST_REDIS_URL the app runs scaled (Redis bus and Redis window store).
const FIXTURES = join(import.meta.dirname, "fixtures/sigma-correlations");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const redisUrl = process.env.TEST_REDIS_URL;
const prefixes: string[] = [];

async function startApp(): Promise<TestApp> {
  const prefix = `vigie-test-corr-${randomBytes(4).toString("hex")}`;
  prefixes.push(prefix);
  const scaled: Record<string, string> = redisUrl ? { REDIS_URL: redisUrl, VIGIE_REDIS_PREFIX: prefix } : {};
  const t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0", ...scaled });
  await t.ctx.engine.start();
  return t;
}

afterAll(async () => {
  if (!redisUrl) return;
  const redis = new Redis(redisUrl);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  await redis.quit();
});

/** Helpers over one app: import, ingest with event times, wait for detection, read alerts. */
function harness(t: TestApp) {
  let ingested = 0;
  const base = Date.now() - 3 * 3_600_000;
  return {
    async importYaml(yaml: string, filename: string) {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/v1/rules/sigma?filename=${filename}`,
        headers: { ...(await t.as("supervisor")), "content-type": "application/yaml" },
        payload: yaml,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
    /** Ingests events at `base + seconds`, in batches. */
    async ingest(events: { at: number; event: Record<string, unknown> }[]) {
      const rows = events.map(({ at, event }) => ({
        timestamp: new Date(base + at * 1000).toISOString(),
        ...event,
      }));
      for (let from = 0; from < rows.length; from += 500) await t.ingest(rows.slice(from, from + 500));
      ingested += rows.length;
    },
    /** Waits until the engine evaluated and committed every event ingested so far. */
    async settle() {
      await eventually(async () => t.ctx.engine.stats.events >= ingested, 20_000);
      await t.ctx.engine.idle();
    },
    async alertsOf(ruleId: string): Promise<{ group_value: string; matched_event_count: number }[]> {
      const res = await t.app.inject({
        url: `/api/v1/alerts?rule_id=${ruleId}&per_page=100`,
        headers: await t.as("analyst"),
      });
      return res.json().items;
    },
    async groupsAlerted(ruleId: string) {
      return (await this.alertsOf(ruleId)).map((alert) => alert.group_value).sort();
    },
  };
}

type Harness = ReturnType<typeof harness>;
const ruleIdOf = (result: { rules: { rule: string; rule_id: string }[] }, title: string) =>
  result.rules.find((rule) => rule.rule === title)!.rule_id;

const security = (EventID: number, fields: Record<string, unknown>) => ({
  source_type: "auth",
  event_type: EventID === 4625 ? "login_failure" : "login_success",
  site_id: "AUDIO_001",
  source_fields: { Channel: "Security", EventID, ...fields },
});
const sysmonProcess = (fields: Record<string, unknown>) => ({
  source_type: "endpoint",
  event_type: "process_start",
  site_id: "AUDIO_001",
  source_fields: { Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, ...fields },
});
const times = (count: number, every: number, from = 0) =>
  Array.from({ length: count }, (_, index) => from + index * every);

describe("the Sigma specification's correlation examples", () => {
  let t: TestApp;
  let h: Harness;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await startApp();
    h = harness(t);
    const bases = await h.importYaml(fixture("bases.yml"), "bases.yml");
    expect(bases).toMatchObject({ created: 7, skipped: 0, no_matching_source: 0 });
    ids = {};
    for (const [file, title] of [
      ["event_count.yml", "Many failed logins"],
      ["value_count.yml", "Failed login"],
      ["temporal.yml", "Recon"],
      ["temporal_ordered.yml", "Recon ordered"],
      ["value_sum.yml", "Possible Exfiltration to Website"],
      ["value_avg.yml", "Suspicious average network traffic"],
      [
        "value_percentile.yml",
        "A computer spawned a processes name in the last 24h than 1% of all the processes.",
      ],
    ]) {
      const result = await h.importYaml(fixture(file!), file!);
      expect(result, file).toMatchObject({ created: 1, skipped: 0 });
      ids[file!] = ruleIdOf(result, title!);
    }
  }, 120_000);
  afterAll(() => t?.close());

  it("imports each over the rules it names, which no longer raise alerts of their own", async () => {
    const rules = (await t.call("GET", "/api/v1/rules", await t.as("analyst"))).json();
    const byName = (name: string) => rules.find((rule: { name: string }) => rule.name === name);
    expect(byName("Failed logon")).toMatchObject({ enabled: false });
    expect(byName("Recon command a")).toMatchObject({ enabled: false });
    expect(byName("Many failed logins")).toMatchObject({
      enabled: true,
      rule_type: "threshold",
      conditions: { threshold: 100, window_seconds: 3_600, group_by: ["ComputerName"] },
      sigma: { correlation: "event_count", sources: ["channel Security"] },
    });
    expect(byName("Recon")).toMatchObject({ rule_type: "sequence", conditions: { ordered: false } });
    expect(byName("Recon ordered").conditions).not.toHaveProperty("ordered");
    expect(byName("Suspicious average network traffic")).toMatchObject({
      rule_type: "aggregation",
      conditions: { aggregation: "avg", aggregation_field: "BytesOut", bounds: { gt: 500 } },
    });
  });

  it("event_count and value_count: 100 failed logins, and 100 distinct users, per computer", async () => {
    const failure = (ComputerName: string, User: string, WorkstationName = "WS1") =>
      security(4625, { ComputerName, User, WorkstationName });
    await h.ingest([
      ...times(100, 30).map((at, n) => ({ at, event: failure("PC1", `user${n}`) })),
      ...times(99, 30).map((at, n) => ({ at, event: failure("PC2", `user${n}`) })),
      // 100 failures on PC3, but more than an hour apart in the end: never 100 within the hour.
      ...times(100, 37).map((at) => ({ at, event: failure("PC3", "alice") })),
    ]);
    await h.settle();
    expect(await h.groupsAlerted(ids["event_count.yml"]!)).toEqual(["AUDIO_001 / PC1"]);
    expect(await h.groupsAlerted(ids["value_count.yml"]!)).toEqual(["AUDIO_001 / PC1 / WS1"]);
  });

  it("backtests a correlation, exports it with the rule it counts, and keeps that rule from being deleted", async () => {
    const id = ids["event_count.yml"]!;
    const analyst = await t.as("analyst");
    const test = await t.call("POST", `/api/v1/rules/${id}/test`, analyst, { hours: 24 });
    expect(test.statusCode).toBe(200);
    expect(test.json()).toMatchObject({ alerts_would_fire: 1, alerts: [{ group_value: "AUDIO_001 / PC1" }] });
    const yaml = (await t.call("GET", `/api/v1/rules/${id}/sigma`, analyst)).body;
    expect(yaml.startsWith(`${fixture("event_count.yml")}\n---\n`)).toBe(true);
    expect(yaml).toContain("title: Failed logon");
    const again = await t.app.inject({
      method: "POST",
      url: "/api/v1/rules/sigma?dry_run=true&filename=exported.yml",
      headers: { ...(await t.as("supervisor")), "content-type": "application/yaml" },
      payload: yaml,
    });
    expect(again.json()).toMatchObject({ created: 0, updated: 2, skipped: 0 });
    const base = again.json().rules.find((rule: { rule: string }) => rule.rule === "Failed logon").rule_id;
    const removal = await t.call("DELETE", `/api/v1/rules/${base}`, await t.as("supervisor"));
    expect(removal.statusCode).toBe(409);
    expect(removal.json().message).toContain('"Many failed logins"');
  });

  it("temporal and temporal_ordered: three recon commands on one computer by one user within 5 minutes", async () => {
    const command = (ComputerName: string, User: string, CommandLine: string) =>
      sysmonProcess({ ComputerName, User, CommandLine, Image: "C:\\Windows\\System32\\cmd.exe" });
    const run = (host: string, user: string, steps: [number, string][]) =>
      steps.map(([at, line]) => ({ at: 10_000 + at, event: command(host, user, line) }));
    await h.ingest([
      ...run("PC1", "alice", [
        [0, "net user /domain"],
        [10, "whoami /all"],
        [20, "ipconfig /all"],
      ]),
      ...run("PC2", "bob", [
        [0, "whoami"],
        [10, "ipconfig"],
        [20, "net user bob"],
      ]),
      ...run("PC3", "carol", [
        [0, "whoami"],
        [10, "ipconfig"],
      ]),
      ...run("PC4", "dave", [
        [0, "whoami"],
        [10, "ipconfig"],
        [360, "net user dave"],
      ]),
    ]);
    await h.settle();
    expect(await h.groupsAlerted(ids["temporal.yml"]!)).toEqual([
      "AUDIO_001 / PC1 / alice",
      "AUDIO_001 / PC2 / bob",
    ]);
    expect(await h.groupsAlerted(ids["temporal_ordered.yml"]!)).toEqual(["AUDIO_001 / PC2 / bob"]);
  });

  it("value_sum and value_avg: bytes sent per source and user", async () => {
    const web = (SourceIP: string, User: string, bytes_sent: number) => ({
      source_type: "proxy",
      event_type: "http_request",
      site_id: "AUDIO_001",
      source_fields: { method: "POST", SourceIP, User, bytes_sent },
    });
    const flow = (SourceIP: string, User: string, BytesOut: number) => ({
      source_type: "firewall",
      event_type: "connection",
      site_id: "AUDIO_001",
      source_fields: { SourceIP, User, BytesOut },
    });
    await h.ingest([
      { at: 20_000, event: web("10.1.1.1", "eve", 600_000) },
      { at: 20_010, event: web("10.1.1.1", "eve", 500_000) },
      { at: 20_000, event: web("10.1.1.2", "eve", 600_000) },
      { at: 20_010, event: web("10.1.1.2", "eve", 400_000) },
      { at: 20_000, event: flow("10.2.2.1", "frank", 400) },
      { at: 20_010, event: flow("10.2.2.1", "frank", 700) },
      { at: 20_000, event: flow("10.2.2.2", "frank", 400) },
      { at: 20_010, event: flow("10.2.2.2", "frank", 550) },
    ]);
    await h.settle();
    expect(await h.groupsAlerted(ids["value_sum.yml"]!)).toEqual(["AUDIO_001 / 10.1.1.1 / eve"]);
    expect(await h.groupsAlerted(ids["value_avg.yml"]!)).toEqual(["AUDIO_001 / 10.2.2.1 / frank"]);
  });

  it("value_percentile: a process name that makes at most 1 % of a computer's processes", async () => {
    const spawn = (ComputerName: string, Image: string) =>
      sysmonProcess({ ComputerName, Image, User: "svc" });
    const usual = "C:\\Windows\\System32\\svchost.exe";
    await h.ingest([
      ...times(100, 1, 30_000).map((at) => ({ at, event: spawn("PC7", usual) })),
      { at: 30_200, event: spawn("PC7", "C:\\Users\\x\\evil.exe") },
      ...times(50, 1, 30_000).map((at) => ({ at, event: spawn("PC8", usual) })),
      { at: 30_200, event: spawn("PC8", "C:\\Users\\x\\evil.exe") },
    ]);
    await h.settle();
    const alerts = await h.alertsOf(ids["value_percentile.yml"]!);
    expect(alerts.map((alert) => [alert.group_value, alert.matched_event_count])).toEqual([
      ["AUDIO_001 / PC7", 1],
    ]);
  });

  it("raises nothing for the rules the correlations feed", async () => {
    const rules = (await t.call("GET", "/api/v1/rules", await t.as("analyst"))).json();
    const bases = rules.filter(
      (rule: { sigma: { correlation: string | null } | null }) => rule.sigma && !rule.sigma.correlation,
    );
    expect(bases).toHaveLength(7);
    for (const rule of bases) expect(rule.trigger_count, rule.name).toBe(0);
  });
});

describe("correlations in one file and over other taxonomies", () => {
  let t: TestApp;
  let h: Harness;
  let singleFailedLogin: string;
  beforeAll(async () => {
    t = await startApp();
    h = harness(t);
  }, 60_000);
  afterAll(() => t?.close());

  it("chains a count into an ordered correlation: failed logins followed by a success (one file)", async () => {
    const file = fixture("mr_failed_logins_followed_by_success.yml");
    const result = await h.importYaml(file, "mr_failed_logins_followed_by_success.yml");
    expect(result).toMatchObject({ created: 4, skipped: 0 });
    const outer = ruleIdOf(result, "Correlation - Multiple Failed Logins Followed by Successful Login");
    const inner = ruleIdOf(result, "Multiple failed logons");
    singleFailedLogin = ruleIdOf(result, "Single failed login");
    expect(result.rules.find((rule: { rule: string }) => rule.rule === "Single failed login").note).toMatch(
      /raises no alerts of its own/,
    );
    const login = (EventID: number, User: string) => security(EventID, { User, ComputerName: "DC1" });
    await h.ingest([
      ...times(10, 20).map((at) => ({ at, event: login(4625, "alice") })),
      { at: 300, event: login(4624, "alice") },
      ...times(9, 20).map((at) => ({ at, event: login(4625, "bob") })),
      { at: 300, event: login(4624, "bob") },
      { at: 0, event: login(528, "carol") },
      ...times(10, 20, 10).map((at) => ({ at, event: login(529, "carol") })),
    ]);
    await h.settle();
    expect(await h.groupsAlerted(outer)).toEqual(["AUDIO_001 / alice"]);
    expect(await h.alertsOf(inner)).toEqual([]);
  });

  it("lets a native rule reference another rule, and refuses a reference that cannot be read", async () => {
    const supervisor = await t.as("supervisor");
    const create = (name: string, event_filter: unknown) =>
      t.call("POST", "/api/v1/rules", supervisor, {
        name,
        rule_type: "threshold",
        severity: "low",
        cooldown_seconds: 0,
        conditions: { event_filter, bounds: { gte: 3 }, window_seconds: 600, group_by: ["User"] },
      });
    const missing = await create("Dangling", { rule: "0190f0e0-0000-7000-8000-00000000dead" });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().details[0].message).toContain("which does not exist");
    const native = await create("Three failed logins per user", {
      all: [{ rule: singleFailedLogin }, { field: "ComputerName", value: "DC9" }],
    });
    expect(native.statusCode, native.body).toBe(201);
    await h.ingest(
      times(3, 5, 1_000).map((at) => ({ at, event: security(4625, { User: "zoe", ComputerName: "DC9" }) })),
    );
    await h.settle();
    expect(await h.groupsAlerted(native.json().id)).toEqual(["AUDIO_001 / zoe"]);
  });

  it("counts DNS queries by an ECS field name", async () => {
    expect(await h.importYaml(fixture("bases-ecs.yml"), "bases-ecs.yml")).toMatchObject({ created: 1 });
    const result = await h.importYaml(fixture("event_count_ecs.yml"), "event_count_ecs.yml");
    const id = ruleIdOf(result, "Many failed logins");
    const query = (name: string) => ({
      source_type: "dns",
      event_type: "dns_query",
      site_id: "AUDIO_002",
      source_fields: { "dns.question.name": name },
    });
    await h.ingest([
      ...times(100, 10).map((at) => ({ at, event: query("c2.example.net") })),
      ...times(99, 10).map((at) => ({ at, event: query("intranet.example.org") })),
    ]);
    await h.settle();
    expect(await h.groupsAlerted(id)).toEqual(["AUDIO_002 / c2.example.net"]);
  });

  it("refuses a correlation naming a rule that exists nowhere, naming the file, the rule and the part", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/rules/sigma?filename=dangling.yml",
      headers: { ...(await t.as("supervisor")), "content-type": "application/yaml" },
      payload: fixture("value_sum.yml"),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([
      expect.objectContaining({
        field: "dangling.yml › Possible Exfiltration to Website › correlation.rules.0",
        message: 'no rule with the Sigma id or name "website_access" in this import or among imported rules',
      }),
    ]);
  });
});
