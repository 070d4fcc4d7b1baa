import { describe, expect, it } from "vitest";
import {
  numericTag,
  type TallyOptions,
  type WindowEntry,
  type WindowStore,
  type WindowStoreLimits,
  type WindowTally,
} from "./window-store.ts";

const WINDOW = 100;

/** The tally as evaluators used to derive it from `record`'s entries (the reference it must equal). */
function tallyFromEntries(nearby: readonly WindowEntry[], recorded: WindowEntry): Required<WindowTally> {
  const end = Math.max(recorded.ts, nearby[nearby.length - 1]?.ts ?? recorded.ts);
  const inside = nearby.filter((entry) => entry.ts > end - WINDOW);
  const tagCounts = new Map<string, number>();
  let sum = 0;
  for (const { tag } of inside) {
    if (tag !== undefined) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    sum += numericTag(tag) ?? 0;
  }
  const ownTagCount = recorded.tag === undefined ? 0 : (tagCounts.get(recorded.tag) ?? 0);
  return { end, count: inside.length, distinctTags: tagCounts.size, tagCounts, sum, ownTagCount };
}

const ALL: TallyOptions = { tagCounts: true, sum: true, ownTag: true };

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
        await store.recordAndTally("k", { event_id, ts, tag }, WINDOW);
      // "far" evicted "a"; 60 is judged in the window ending at 150 (the newest entry up to 60 + 99): (50, 150].
      const tally = await store.recordAndTally("k", { event_id: "d", ts: 60, tag: "w" }, WINDOW, {
        tagCounts: true,
      });
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
      expect(await store.recordAndTally("k", { event_id: "e", ts: 151 }, WINDOW)).toEqual({
        end: 170,
        count: 4,
        distinctTags: 3,
      });
    });

    it("records nothing and answers null while the key cools down", async () => {
      const store = await makeStore();
      await store.setCooldownUntil("k", 50);
      expect(await store.recordAndTally("k", { event_id: "a", ts: 49 }, WINDOW)).toBeNull();
      expect(await store.entries("k", -1, 1_000)).toEqual([]);
      expect(await store.recordAndTally("k", { event_id: "b", ts: 50 }, WINDOW)).toEqual({
        end: 50,
        count: 1,
        distinctTags: 0,
      });
    });

    it("sums the window's numeric tags and counts the recorded entry's tag, leaving out what is outside", async () => {
      const store = await makeStore();
      // Recorded far-future first, so the late ones after it are not evicted by it.
      for (const [event_id, ts, tag] of [
        ["z", 400, "1e3"],
        ["f", 240, "9"],
        ["a", 130, "700"],
        ["c", 220, "-2.5"],
      ] as const)
        await store.recordAndTally("k", { event_id, ts, tag }, WINDOW);
      // 200 is judged in (140, 240]: a (before) and z (after) are outside; "1e3" is not a plain decimal.
      const tally = await store.recordAndTally("k", { event_id: "e", ts: 200, tag: "700" }, WINDOW, {
        sum: true,
        ownTag: true,
      });
      expect(tally).toEqual({ end: 240, count: 3, distinctTags: 3, sum: 706.5, ownTagCount: 1 });
      const untagged = { event_id: "g", ts: 239 };
      expect(await store.recordAndTally("k", untagged, WINDOW, ALL)).toMatchObject({
        end: 240,
        count: 4,
        sum: 706.5,
        ownTagCount: 0,
      });
      expect(await store.claimFiring("k", untagged, 240, 240)).toBe(true);
      const after = await store.recordAndTally("k", { event_id: "h", ts: 300, tag: "4" }, WINDOW, ALL);
      expect(after).toMatchObject({ count: 1, sum: 4, ownTagCount: 1 });
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
        const tag = ["a", "7", "-2", "1.5", undefined][Number(id.slice(1)) % 5];
        const entry = tag === undefined ? { event_id: id, ts } : { event_id: id, ts, tag };
        const tally = await tallied.recordAndTally(key, entry, WINDOW, next(2) === 0 ? ALL : {});
        const nearby = await recorded.record(key, entry, ts - WINDOW, ts - WINDOW, ts + WINDOW - 1);
        const expected = nearby && tallyFromEntries(nearby, entry);
        const { tagCounts, sum, ownTagCount, ...counts } = expected ?? {};
        expect(tally, `step ${step}`).toEqual(
          expected && (tally?.tagCounts ? { ...counts, tagCounts, sum, ownTagCount } : counts),
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
