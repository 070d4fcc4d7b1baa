import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { control, runBusSuite, settle, until } from "./bus.suite.ts";
import { RedisBus, type RedisBusOptions } from "./redis-bus.ts";

// These tests need a Redis server; without TEST_REDIS_URL they are skipped (the in-process adapter runs the same suite).
const url = process.env.TEST_REDIS_URL;
const runPrefix = `vigie-test-${randomBytes(4).toString("hex")}`;
let namespaces = 0;

/** Buses on a fresh key prefix, fast to notice stale entries and to close. */
function redisNodes(
  count: number,
  onError: RedisBusOptions["onError"],
  options: Partial<RedisBusOptions> = {},
): RedisBus[] {
  const prefix = `${runPrefix}:${++namespaces}`;
  return Array.from(
    { length: count },
    (_, i) =>
      new RedisBus({
        url: url!,
        prefix,
        blockMs: 500,
        claimIdleMs: 400,
        consumerName: `node-${i}`,
        onError,
        ...options,
      }),
  );
}

describe.skipIf(!url)("RedisBus (skipped: set TEST_REDIS_URL to a Redis server to run)", () => {
  const admin = url ? new Redis(url) : null;
  const open: RedisBus[] = [];
  const errors: unknown[] = [];
  const nodes = (count: number, options: Partial<RedisBusOptions> = {}) => {
    const made = redisNodes(count, (_t, e) => errors.push(e), options);
    open.push(...made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((bus) => bus.close()));
    errors.length = 0;
  });
  afterAll(async () => {
    const keys = await admin!.keys(`${runPrefix}:*`);
    if (keys.length) await admin!.del(...keys);
    await admin!.quit();
  });

  runBusSuite("redis", () => ({ nodes: async (count, onError) => redisNodes(count, onError) }));

  it("fans a message out to the subscribers of every node", async () => {
    const [a, b] = nodes(2);
    const seen: string[] = [];
    a!.subscribe("scenario.control", (m) => void seen.push(`a${m.speed}`));
    b!.subscribe("scenario.control", (m) => void seen.push(`b${m.speed}`));
    await b!.subscribed();
    await a!.publish("scenario.control", control(1));
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual(["a1", "b1"]);
  });

  it("does not replay what was published before a subscription", async () => {
    const [a] = nodes(1);
    await a!.publish("scenario.control", control(1));
    const seen: number[] = [];
    a!.subscribe("scenario.control", (m) => void seen.push(m.speed!));
    await a!.publish("scenario.control", control(2));
    await until(() => seen.length === 1);
    await settle(200);
    expect(seen).toEqual([2]);
  });

  it("hands each message of a group to exactly one node", async () => {
    // Claiming is not under test here: a long idle time keeps a slow handler on a loaded machine its own.
    const [a, b, c] = nodes(3, { claimIdleMs: 30_000 });
    const handled: string[] = [];
    const groupsSeen = new Set<string>();
    const watch = setInterval(async () => {
      const groups = (await admin!
        .xinfo("GROUPS", a!.streamKey("scenario.control"))
        .catch(() => [])) as unknown[][];
      for (const group of groups) groupsSeen.add(String(group[1]));
    }, 20);
    for (const [name, bus] of [
      ["a", a],
      ["b", b],
    ] as const) {
      bus!.consume("scenario.control", "detect", async (m) => {
        handled.push(`${name}:${m.speed}`);
        await settle(2);
      });
    }
    // The group is created by the consuming nodes' connections; publish once it exists (it starts at "$").
    await until(() => groupsSeen.has("detect"));
    for (let n = 0; n < 60; n++) await c!.publish("scenario.control", control(n));
    await until(() => handled.length >= 60, 20_000);
    clearInterval(watch);
    await settle(600);
    const numbers = handled.map((h) => Number(h.split(":")[1]));
    expect(numbers.length).toBe(60);
    expect(new Set(numbers).size).toBe(60);
  });

  it("acknowledges an entry only once its handler has settled", async () => {
    const [a] = nodes(1, { claimIdleMs: 60_000 });
    const released: { resolve?: () => void } = {};
    const gate = new Promise<void>((resolve) => {
      released.resolve = resolve;
    });
    let started = 0;
    a!.consume("scenario.control", "detect", async () => {
      started++;
      await gate;
    });
    await a!.publish("scenario.control", control(1));
    await until(() => started === 1);
    const key = a!.streamKey("scenario.control");
    expect(((await admin!.xpending(key, "detect")) as [number])[0]).toBe(1);
    released.resolve!();
    await expectPending(key, 0);
  });

  it("gives the entries a dead consumer read but never acknowledged to a live one", async () => {
    const [a] = nodes(1);
    const key = a!.streamKey("scenario.control");
    await admin!.xgroup("CREATE", key, "detect", "$", "MKSTREAM");
    await admin!.xadd(key, "*", "data", JSON.stringify(control(7)));
    await admin!.xadd(key, "*", "data", JSON.stringify(control(8)));
    // A node that read two entries and died (kill -9) before acknowledging them.
    const dead = new Redis(url!);
    await dead.xreadgroup("GROUP", "detect", "dead-node", "COUNT", 10, "STREAMS", key, ">");
    dead.disconnect();
    await expectPending(key, 2);
    const seen: number[] = [];
    a!.consume("scenario.control", "detect", async (m) => void seen.push(m.speed!));
    await until(() => seen.length === 2, 5_000);
    expect(seen).toEqual([7, 8]);
    await expectPending(key, 0);
  });

  it("resumes its tail and its group reads at once when its connections are killed", async () => {
    // Reads block for 10 s: only a read settled by the connection's close lets them resume sooner.
    const [a] = nodes(1, {
      blockMs: 10_000,
      claimIdleMs: 60_000,
      consumerName: `killed-${randomBytes(3).toString("hex")}`,
    });
    const fanned: number[] = [];
    const grouped: number[] = [];
    a!.subscribe("scenario.control", (m) => void fanned.push(m.speed!));
    a!.consume("scenario.control", "detect", async (m) => void grouped.push(m.speed!));
    await a!.subscribed();
    await until(async () => (await groupsOf(a!.streamKey("scenario.control"))).includes("detect"));
    await settle(100);
    expect(await killConnectionsOf(a!.consumerName)).toBeGreaterThanOrEqual(3);
    const killedAt = Date.now();
    await until(async () => {
      await a!.publish("scenario.control", control(fanned.length + 100));
      return fanned.length > 0 && grouped.length > 0;
    }, 4_000);
    expect(Date.now() - killedAt).toBeLessThan(4_000);
  });

  it("makes a lost consumer group again and reads what was published since (Redis restarted empty)", async () => {
    const [a] = nodes(1, { claimIdleMs: 60_000 });
    const grouped: number[] = [];
    a!.consume("scenario.control", "detect", async (m) => void grouped.push(m.speed!));
    const key = a!.streamKey("scenario.control");
    await until(async () => (await groupsOf(key)).includes("detect"));
    await admin!.del(key);
    // Published before the group is back: the group made again must start at the stream's beginning.
    await admin!.xadd(key, "*", "data", JSON.stringify(control(42)));
    await until(() => grouped.includes(42), 5_000);
  });

  async function groupsOf(key: string): Promise<string[]> {
    const groups = (await admin!.xinfo("GROUPS", key).catch(() => [])) as unknown[][];
    return groups.map((group) => String(group[1]));
  }

  // Only this test's own connections (named after its consumer), never another client of the shared server.
  async function killConnectionsOf(consumerName: string): Promise<number> {
    const list = String(await admin!.client("LIST"));
    const ids = [...list.matchAll(/id=(\d+) .*?name=(\S*)/g)]
      .filter(([, , name]) => name!.startsWith(`${consumerName}:`))
      .map(([, id]) => id!);
    for (const id of ids) await admin!.client("KILL", "ID", id);
    return ids.length;
  }

  it("keeps each stream bounded", async () => {
    const [a] = nodes(1, { maxLen: 50 });
    for (let n = 0; n < 600; n++) await a!.publish("scenario.control", control(n));
    expect(await admin!.xlen(a!.streamKey("scenario.control"))).toBeLessThan(300);
  });

  it("reports a publish that cannot reach Redis instead of throwing", async () => {
    const [a] = nodes(1);
    await a!.close();
    await expect(a!.publish("scenario.control", control(1))).resolves.toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
  });

  it("reports itself down, without throwing, once it cannot reach Redis", async () => {
    const [a] = nodes(1);
    expect(await a!.health()).toMatchObject({ status: "up", latency_ms: expect.any(Number) });
    await a!.close();
    expect(await a!.health()).toEqual({ status: "down" });
  });

  async function expectPending(key: string, count: number): Promise<void> {
    const deadline = Date.now() + 3_000;
    let pending = -1;
    while (Date.now() < deadline) {
      pending = ((await admin!.xpending(key, "detect")) as [number])[0];
      if (pending === count) break;
      await settle(20);
    }
    expect(pending).toBe(count);
  }
});

describe("RedisBus health without a server", () => {
  it("is down within about a second when nothing listens at the address", async () => {
    const bus = new RedisBus({ url: "redis://127.0.0.1:1", prefix: runPrefix, blockMs: 200 });
    const started = Date.now();
    expect(await bus.health()).toEqual({ status: "down" });
    expect(Date.now() - started).toBeLessThan(2_500);
    await bus.close();
  });
});
