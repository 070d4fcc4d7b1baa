import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../platform/logger.ts";
import { evaluateEvent, RuleSet } from "../engine-core.ts";
import { MemoryWindowStore } from "../state/memory-store.ts";
import { RedisWindowStore } from "../state/redis-store.ts";
import type { WindowStore } from "../state/window-store.ts";
import { makeEvent, makeRule, T0 } from "../test-support.ts";
import type { DetectionEvent, DetectionRule, Firing } from "../types.ts";

// The correlation capabilities (bounds, figures, windows judged when they close, sequences in any order,
// aliases) on every window store adapter: memory always, Redis when TEST_REDIS_URL is set.
const redisUrl = process.env.TEST_REDIS_URL;
const prefix = `vigie-test-corr-${randomBytes(4).toString("hex")}`;
const redisStores: RedisWindowStore[] = [];
let spaces = 0;

function redisStore(space = `${prefix}:${spaces++}`): RedisWindowStore {
  const store = RedisWindowStore.connect(redisUrl!, { prefix: space, logger: createLogger("silent") });
  redisStores.push(store);
  return store;
}

afterAll(async () => {
  if (!redisUrl) return;
  await Promise.all(redisStores.map((store) => store.close()));
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const adapters: [string, () => WindowStore][] = [["memory", () => new MemoryWindowStore()]];
if (redisUrl) adapters.push(["redis", () => redisStore()]);

const RULE_ID = "0190f0e0-0000-7000-8000-000000000001";
const rule = (rule_type: string, conditions: Record<string, unknown>, cooldown_seconds = 0) =>
  makeRule({ id: RULE_ID, rule_type, cooldown_seconds, conditions } as never);

/** Feeds the events through the engine's own evaluation (closed windows first); the firings of each. */
async function feed(
  target: DetectionRule,
  events: DetectionEvent[],
  store: WindowStore,
): Promise<Firing[][]> {
  const ruleSet = RuleSet.from([target]);
  expect(ruleSet.rejected).toEqual([]);
  const firings: Firing[][] = [];
  for (const event of events) {
    const result = await evaluateEvent(ruleSet, event, store);
    expect(result.failures).toEqual([]);
    firings.push(result.firings);
  }
  return firings;
}
const firedAt = (firings: Firing[][]) => firings.flatMap((list, index) => list.map(() => index));
/** An event that matches no rule here: only moves event time on. */
const tick = (seconds: number) => makeEvent(seconds, { event_type: "heartbeat", source_ip: "10.9.9.9" });
const login = (seconds: number, ip = "10.0.0.1", fields: Partial<DetectionEvent> = {}) =>
  makeEvent(seconds, { source_ip: ip, ...fields });
const transfer = (seconds: number, bytes: unknown, fields: Partial<DetectionEvent> = {}) =>
  makeEvent(seconds, { event_type: "upload", normalized: { bytes, image: bytes }, ...fields });

describe.each(adapters)("correlations on the %s window store", (_name, makeStore) => {
  const counts = (bounds: Record<string, number>, cooldown = 0) =>
    rule(
      "threshold",
      { event_filter: { event_type: "login_failure" }, bounds, window_seconds: 60, group_by: "source_ip" },
      cooldown,
    );

  it("fires on a count that goes above a bound as soon as it does", async () => {
    const events = [login(0), login(1), login(2, "10.0.0.2"), login(3)];
    expect(firedAt(await feed(counts({ gt: 2 }), events, makeStore()))).toEqual([3]);
  });

  it("judges a count held from above when the group's window closes, a minute after its first event", async () => {
    const events = [
      login(0, "10.0.0.1"),
      login(10, "10.0.0.1"),
      login(5, "10.0.0.2"),
      login(6, "10.0.0.2"),
      login(7, "10.0.0.2"),
      tick(59),
      tick(60),
      login(65, "10.0.0.1"),
      tick(70),
    ];
    const store = makeStore();
    const firings = await feed(counts({ lt: 3 }), events, store);
    // 10.0.0.1's window [0 s, 60 s) holds 2 events and closes at 60 s; 10.0.0.2's holds 3: silent.
    expect(firedAt(firings)).toEqual([6]);
    expect(firings[6]![0]).toMatchObject({
      group_value: "AUDIO_001 / 10.0.0.1",
      group_fields: { site_id: "AUDIO_001", source_ip: "10.0.0.1" },
      matched_event_ids: [events[0]!.id, events[1]!.id],
      matched_event_count: 2,
      event_time: new Date(T0 + 60_000).toISOString(),
      site_id: "AUDIO_001",
    });
    // The event at 65 s opened 10.0.0.1's next window, which closes at 125 s with one event.
    expect(firedAt(await feed(counts({ lt: 3 }), [tick(124), tick(125)], store))).toEqual([1]);
  });

  it("fires exactly-equal and range bounds on the closed window only", async () => {
    const two = [login(0), login(1), tick(61)];
    const three = [login(0, "10.0.0.3"), login(1, "10.0.0.3"), login(2, "10.0.0.3"), tick(61)];
    expect(firedAt(await feed(counts({ eq: 2 }), two, makeStore()))).toEqual([2]);
    expect(firedAt(await feed(counts({ eq: 2 }), three, makeStore()))).toEqual([]);
    expect(firedAt(await feed(counts({ gt: 1, lte: 3 }), three, makeStore()))).toEqual([3]);
    expect(firedAt(await feed(counts({ gt: 3, lte: 5 }), three, makeStore()))).toEqual([]);
  });

  it("keeps the cooldown after a closed window fired, and goes on with the next window", async () => {
    const events = [login(0), tick(61), login(100), tick(161), login(400), tick(461)];
    expect(firedAt(await feed(counts({ lte: 1 }, 300), events, makeStore()))).toEqual([1, 5]);
  });

  const figure = (aggregation: string, bounds: Record<string, number>) =>
    rule("aggregation", {
      event_filter: { event_type: "upload" },
      aggregation,
      aggregation_field: "normalized.bytes",
      bounds,
      window_seconds: 3_600,
      group_by: "username",
    });

  it("sums a numeric field, reading numbers and numeric text alike and skipping the rest", async () => {
    const events = [transfer(0, 600_000), transfer(1, "n/a"), transfer(2, "300000"), transfer(3, 100_001)];
    expect(firedAt(await feed(figure("sum", { gt: 1_000_000 }), events, makeStore()))).toEqual([3]);
    const nearMiss = [transfer(0, 600_000), transfer(1, 400_000), transfer(2, 0)];
    expect(firedAt(await feed(figure("sum", { gt: 1_000_000 }), nearMiss, makeStore()))).toEqual([]);
  });

  it("averages and takes the median of the window's values", async () => {
    const values = [100, 200, 1_500, 400];
    const events = values.map((bytes, index) => transfer(index, bytes));
    // Averages 100, 150, 600: fires on the third.
    expect(firedAt(await feed(figure("avg", { gt: 500 }), events, makeStore()))).toEqual([2]);
    // Medians 100, 150, 200, 300: fires on the fourth.
    expect(firedAt(await feed(figure("median", { gte: 300 }), events, makeStore()))).toEqual([3]);
    expect(firedAt(await feed(figure("median", { gte: 1_000 }), events, makeStore()))).toEqual([]);
  });

  it("fires on a rare value: the share of the window's events the arriving value holds", async () => {
    const share = rule("aggregation", {
      event_filter: { event_type: "upload" },
      aggregation: "share",
      aggregation_field: "normalized.image",
      bounds: { lte: 10 },
      window_seconds: 86_400,
      group_by: "hostname",
    });
    const common = Array.from({ length: 10 }, (_, index) => transfer(index, "svchost.exe"));
    const firings = await feed(share, [...common, transfer(20, "evil.exe")], makeStore());
    expect(firedAt(firings)).toEqual([10]);
    expect(firings[10]![0]).toMatchObject({
      matched_event_count: 1,
      matched_event_ids: [expect.any(String)],
    });
    const few = Array.from({ length: 5 }, (_, index) => transfer(index, "svchost.exe"));
    expect(firedAt(await feed(share, [...few, transfer(20, "evil.exe")], makeStore()))).toEqual([]);
  });

  it("judges distinct values held from above when the window closes", async () => {
    const oneUser = rule("aggregation", {
      event_filter: { event_type: "login_failure" },
      aggregation: "count_distinct",
      aggregation_field: "username",
      bounds: { lte: 1 },
      window_seconds: 60,
      group_by: "source_ip",
    });
    const events = [
      login(0, "10.0.0.1", { username: "alice" }),
      login(1, "10.0.0.1", { username: "alice" }),
      login(2, "10.0.0.2", { username: "alice" }),
      login(3, "10.0.0.2", { username: "bob" }),
      tick(70),
    ];
    const firings = await feed(oneUser, events, makeStore());
    expect(firings[4]!.map((firing) => firing.group_value)).toEqual(["AUDIO_001 / 10.0.0.1"]);
  });

  const recon = (conditions: Record<string, unknown> = {}) =>
    rule("sequence", {
      steps: ["whoami", "ipconfig", "net"].map((command) => ({
        event_filter: { event_type: "process", "normalized.command": command },
      })),
      window_seconds: 300,
      group_by: ["hostname", "username"],
      ...conditions,
    });
  const command = (seconds: number, name: string, hostname = "pc-01") =>
    makeEvent(seconds, { event_type: "process", hostname, normalized: { command: name } });

  it("completes steps in any order when the sequence is not ordered, and in order only when it is", async () => {
    const shuffled = [command(0, "net"), command(10, "whoami"), command(20, "ipconfig")];
    expect(firedAt(await feed(recon({ ordered: false }), shuffled, makeStore()))).toEqual([2]);
    expect(firedAt(await feed(recon(), shuffled, makeStore()))).toEqual([]);
    const apart = [command(0, "net"), command(10, "whoami", "pc-02"), command(20, "ipconfig")];
    expect(firedAt(await feed(recon({ ordered: false }), apart, makeStore()))).toEqual([]);
  });

  it("fires when steps_required of the steps in any order are reached", async () => {
    const events = [command(0, "ipconfig"), command(400, "net"), command(410, "whoami")];
    const twoOfThree = recon({ ordered: false, steps_required: 2 });
    const firings = await feed(twoOfThree, events, makeStore());
    expect(firedAt(firings)).toEqual([2]);
    expect(firings[2]![0]!.matched_event_ids).toEqual([events[1]!.id, events[2]!.id]);
  });

  it("groups each step by its own fields through aliases", async () => {
    const aliased = rule("sequence", {
      steps: [
        {
          event_filter: { event_type: "http_500" },
          aliases: { internal_ip: "dest_ip", remote_ip: "source_ip" },
        },
        {
          event_filter: { event_type: "connection" },
          aliases: { internal_ip: "source_ip", remote_ip: "dest_ip" },
        },
      ],
      ordered: false,
      window_seconds: 10,
      group_by: ["internal_ip", "remote_ip"],
    });
    const error = (seconds: number, from: string, to: string) =>
      makeEvent(seconds, { event_type: "http_500", source_ip: from, dest_ip: to });
    const connection = (seconds: number, from: string, to: string) =>
      makeEvent(seconds, { event_type: "connection", source_ip: from, dest_ip: to });
    const firings = await feed(
      aliased,
      [
        error(0, "203.0.113.9", "10.0.0.5"),
        connection(2, "10.0.0.6", "203.0.113.9"),
        connection(3, "10.0.0.5", "203.0.113.9"),
      ],
      makeStore(),
    );
    expect(firedAt(firings)).toEqual([2]);
    expect(firings[2]![0]!.group_fields).toEqual({
      site_id: "AUDIO_001",
      internal_ip: "10.0.0.5",
      remote_ip: "203.0.113.9",
    });
  });
});

describe.skipIf(!redisUrl)(
  "windows judged when they close, on nodes sharing Redis (skipped: set TEST_REDIS_URL)",
  () => {
    it("lets one node judge each closed window", async () => {
      const space = `${prefix}:shared`;
      const target = rule("threshold", {
        event_filter: { event_type: "login_failure" },
        bounds: { lt: 5 },
        window_seconds: 60,
        group_by: "source_ip",
      });
      const nodes = [redisStore(space), redisStore(space), redisStore(space)];
      await feed(target, [login(0, "10.0.0.1"), login(1, "10.0.0.2")], nodes[0]!);
      const all = await Promise.all(nodes.map((node, index) => feed(target, [tick(61 + index / 10)], node)));
      expect(
        all
          .flat(2)
          .map((firing) => firing.group_value)
          .sort(),
      ).toEqual(["AUDIO_001 / 10.0.0.1", "AUDIO_001 / 10.0.0.2"]);
    });
  },
);
