import { describe, expect, it } from "vitest";
import type { WindowEntry, WindowStore, WindowStoreLimits, WindowTally } from "./window-store.ts";

const WINDOW = 100;

/** The tally as evaluators used to derive it from `record`'s entries (the reference it must equal). */
function tallyFromEntries(nearby: readonly WindowEntry[], ts: number): Required<WindowTally> {
  const end = Math.max(ts, nearby[nearby.length - 1]?.ts ?? ts);
  const inside = nearby.filter((entry) => entry.ts > end - WINDOW);
  const tagCounts = new Map<string, number>();
  for (const { tag } of inside) if (tag !== undefined) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  return { end, count: inside.length, distinctTags: tagCounts.size, tagCounts };
}

/** A small deterministic generator (LCG), so a failing sequence can be replayed. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state % below;
  };
}

/** `recordAndTally` of every adapter: the tally `record` would give, without returning the window. */
export function windowTallySuite(
  name: string,
  makeStore: (limits?: WindowStoreLimits) => Promise<WindowStore>,
) {
  describe(`WindowStore tally: ${name}`, () => {
    it("tallies the window a late entry completes, leaving out entries before it and beyond the horizon", async () => {
      const store = await makeStore();
      for (const [event_id, ts, tag] of [
        ["a", 10, "x"],
        ["b", 90, "y"],
        ["c", 150, "x"],
        ["far", 170, "z"],
      ] as const)
        await store.recordAndTally("k", { event_id, ts, tag }, WINDOW, false);
      // "far" evicted "a"; 60 is judged in the window ending at 150 (the newest entry up to 60 + 99): (50, 150].
      const tally = await store.recordAndTally("k", { event_id: "d", ts: 60, tag: "w" }, WINDOW, true);
      expect(tally).toEqual({
        end: 150,
        count: 3,
        distinctTags: 3,
        tagCounts: new Map([
          ["w", 1],
          ["x", 1],
          ["y", 1],
        ]),
      });
      expect(await store.recordAndTally("k", { event_id: "e", ts: 151 }, WINDOW, false)).toEqual({
        end: 170,
        count: 4,
        distinctTags: 3,
      });
    });

    it("records nothing and answers null while the key cools down", async () => {
      const store = await makeStore();
      await store.setCooldownUntil("k", 50);
      expect(await store.recordAndTally("k", { event_id: "a", ts: 49 }, WINDOW, false)).toBeNull();
      expect(await store.entries("k", -1, 1_000)).toEqual([]);
      expect(await store.recordAndTally("k", { event_id: "b", ts: 50 }, WINDOW, false)).toEqual({
        end: 50,
        count: 1,
        distinctTags: 0,
      });
    });

    it("equals the tally of record's entries over random late, future, repeated, capped and fired entries", async () => {
      const limits = { maxEntriesPerWindow: 12 };
      const [tallied, recorded] = [await makeStore(limits), await makeStore(limits)];
      const next = random(20_261_121);
      let clock = 1_000;
      for (let step = 0; step < 400; step++) {
        const key = `k${next(2)}`;
        const roll = next(100);
        clock += next(15);
        const ts = roll < 5 ? clock + 2 * WINDOW : roll < 25 ? clock - next(2 * WINDOW) : clock;
        const id = roll >= 95 ? `e${step - 1}` : `e${step}`;
        const tag = ["a", "b", "c", "d", undefined][Number(id.slice(1)) % 5];
        const entry = tag === undefined ? { event_id: id, ts } : { event_id: id, ts, tag };
        const tally = await tallied.recordAndTally(key, entry, WINDOW, next(2) === 0);
        const nearby = await recorded.record(key, entry, ts - WINDOW, ts - WINDOW, ts + WINDOW - 1);
        const expected = nearby && tallyFromEntries(nearby, ts);
        const { tagCounts, ...counts } = expected ?? {};
        expect(tally, `step ${step}`).toEqual(
          expected && (tally?.tagCounts ? { ...counts, tagCounts } : counts),
        );
        if (tally && roll % 7 === 0) {
          const until = tally.end + next(3) * 20;
          const claims = [tallied, recorded].map((store) => store.claimFiring(key, entry, tally.end, until));
          expect(await claims[0], `claim ${step}`).toBe(await claims[1]);
        }
        expect(await tallied.entries(key, 0, 1e9)).toEqual(await recorded.entries(key, 0, 1e9));
      }
    });
  });
}
