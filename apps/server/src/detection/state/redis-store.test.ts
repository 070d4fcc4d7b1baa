import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../platform/logger.ts";
import { RedisWindowStore, STATE_TTL_MS } from "./redis-store.ts";
import { windowStoreSuite } from "./window-store.suite.ts";
import { windowTallySuite } from "./window-tally.suite.ts";

const url = process.env.TEST_REDIS_URL;
const logger = createLogger("silent");
// One prefix per run, so runs sharing a Redis never see each other's keys; removed at the end.
const prefix = `vigie-test-${randomBytes(4).toString("hex")}`;
const stores: RedisWindowStore[] = [];
let storesMade = 0;

/** A store on its own connection and its own key space (one per test, like a fresh memory store). */
function makeStore(limits = {}, space = `${prefix}:${storesMade++}`): RedisWindowStore {
  const store = RedisWindowStore.connect(url!, { prefix: space, logger, ...limits });
  stores.push(store);
  return store;
}

afterAll(async () => {
  if (!url) return;
  await Promise.all(stores.map((store) => store.close()));
  const redis = new Redis(url);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

// The Redis adapter needs a Redis server: without TEST_REDIS_URL these suites are skipped.
describe.skipIf(!url)("RedisWindowStore (skipped: set TEST_REDIS_URL)", () => {
  windowStoreSuite("redis", async (limits) => makeStore(limits));
  windowTallySuite("redis", async (limits) => makeStore(limits));

  it("keys windows and cooldowns under the prefix, with an expiry", async () => {
    const store = makeStore({}, `${prefix}:layout`);
    await store.addEntry("rule:v:10.0.0.1", { event_id: "a", ts: 10, tag: "x" }, 0);
    await store.setCooldownUntil("rule:v:10.0.0.1", 99);
    const redis = new Redis(url!);
    const window = `${prefix}:layout:detect:window:rule:v:10.0.0.1`;
    expect(await redis.zrange(window, 0, -1, "WITHSCORES")).toEqual(["a\u001fx", "10"]);
    expect(await redis.pttl(window)).toBeGreaterThan(STATE_TTL_MS - 60_000);
    expect(await redis.pttl(`${prefix}:layout:detect:cooldown:rule:v:10.0.0.1`)).toBeGreaterThan(0);
    await redis.quit();
  });

  it("lets exactly one of several nodes fire a window they all completed at once", async () => {
    const space = `${prefix}:race`;
    const nodes = [makeStore({}, space), makeStore({}, space), makeStore({}, space), makeStore({}, space)];
    const entries = nodes.map((_, index) => ({ event_id: `e${index}`, ts: 100 + index }));
    const windows = await Promise.all(
      nodes.map((node, index) => node.record("k", entries[index]!, 0, 0, 1_000)),
    );
    expect(windows.some((window) => window?.length === nodes.length)).toBe(true);
    // Cooldown 0 (until = end): only the gate's check that the window is still the one read stops the others.
    const won = await Promise.all(
      nodes.map((node, index) => node.claimFiring("k", entries[index]!, 103, 103)),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await nodes[0]!.getCooldownUntil("k")).toBe(103);
    expect(await nodes[1]!.entries("k", 0, 1_000)).toEqual([]);
  });

  it("tells exactly one of several nodes that a first-seen value is new, and expires the set after its history", async () => {
    const space = `${prefix}:seen`;
    const nodes = [makeStore({}, space), makeStore({}, space), makeStore({}, space), makeStore({}, space)];
    const answers = await Promise.all(
      nodes.map((node) => node.noteSeen("rule:v", "bob\u001fru", 1_000, 60_000)),
    );
    expect(answers.filter((answer) => answer?.isNew)).toHaveLength(1);
    const redis = new Redis(url!);
    expect(await redis.pttl(`${space}:detect:seen:rule:v`)).toBeGreaterThan(STATE_TTL_MS);
    expect(await redis.pttl(`${space}:detect:seen-since:rule:v`)).toBeGreaterThan(STATE_TTL_MS);
    await redis.quit();
  });

  it("replays only for the first engine to find the shared store empty", async () => {
    const space = `${prefix}:replay`;
    expect(await makeStore({}, space).needsReplay()).toBe(true);
    expect(await makeStore({}, space).needsReplay()).toBe(false);
  });

  it("records and fires nothing, without rejecting, while Redis is unreachable", async () => {
    const errors: unknown[] = [];
    const down = RedisWindowStore.connect("redis://127.0.0.1:1", {
      prefix,
      logger: {
        ...logger,
        error: (...args: unknown[]) => void errors.push(args),
        warn: () => undefined,
      } as never,
    });
    stores.push(down);
    expect(await down.record("k", { event_id: "a", ts: 1 }, 0, 0, 10)).toBeNull();
    expect(await down.claimFiring("k", { event_id: "a", ts: 1 }, 1, 2)).toBe(false);
    expect(await down.needsReplay()).toBe(false);
    expect(errors).toHaveLength(1);
  });
});
