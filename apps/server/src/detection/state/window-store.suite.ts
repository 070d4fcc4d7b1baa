import { beforeEach, describe, expect, it } from "vitest";
import type { WindowEntry, WindowStore, WindowStoreLimits } from "./window-store.ts";

/** The behaviour every `WindowStore` adapter must have; each adapter's test file runs it. */
export function windowStoreSuite(
  name: string,
  makeStore: (limits?: WindowStoreLimits) => Promise<WindowStore>,
) {
  describe(`WindowStore contract: ${name}`, () => {
    let store: WindowStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    const ids = (entries: WindowEntry[]) => entries.map((entry) => entry.event_id);
    const addAll = async (key: string, entries: WindowEntry[]) => {
      for (const entry of entries) await store.addEntry(key, entry, 0);
    };

    it("returns the entries with from < ts ≤ to, tags included", async () => {
      await addAll("k", [
        { event_id: "a", ts: 10 },
        { event_id: "b", ts: 20, tag: "x" },
        { event_id: "c", ts: 30, tag: "" },
      ]);
      expect(await store.entries("k", 10, 30)).toEqual([
        { event_id: "b", ts: 20, tag: "x" },
        { event_id: "c", ts: 30, tag: "" },
      ]);
      expect(await store.entries("k", 0, 9)).toEqual([]);
      expect(await store.entries("missing", 0, 100)).toEqual([]);
    });

    it("orders entries by time then event id, whatever the arrival order", async () => {
      await addAll("k", [
        { event_id: "c", ts: 30 },
        { event_id: "a", ts: 10 },
        { event_id: "e", ts: 20 },
        { event_id: "d", ts: 20 },
      ]);
      expect(ids(await store.entries("k", 0, 100))).toEqual(["a", "d", "e", "c"]);
    });

    it("keeps one entry per event when the same event is added again", async () => {
      await addAll("k", [
        { event_id: "a", ts: 10, tag: "1" },
        { event_id: "a", ts: 10, tag: "1" },
      ]);
      expect(await store.entries("k", 0, 100)).toEqual([{ event_id: "a", ts: 10, tag: "1" }]);
    });

    it("evicts entries with ts ≤ evictBefore when adding", async () => {
      await addAll("k", [
        { event_id: "a", ts: 10 },
        { event_id: "b", ts: 20 },
      ]);
      await store.addEntry("k", { event_id: "c", ts: 80 }, 20);
      expect(ids(await store.entries("k", -1, 100))).toEqual(["c"]);
    });

    it("keeps keys apart and clears one window without touching the others", async () => {
      await addAll("k1", [{ event_id: "a", ts: 10 }]);
      await addAll("k2", [{ event_id: "b", ts: 10 }]);
      await store.clear("k1");
      expect(await store.entries("k1", 0, 100)).toEqual([]);
      expect(ids(await store.entries("k2", 0, 100))).toEqual(["b"]);
    });

    it("stores cooldowns per key, apart from windows", async () => {
      expect(await store.getCooldownUntil("k")).toBeNull();
      await store.setCooldownUntil("k", 1_000);
      await store.setCooldownUntil("other", 5);
      await store.clear("k");
      expect(await store.getCooldownUntil("k")).toBe(1_000);
      await store.setCooldownUntil("k", 2_000);
      expect(await store.getCooldownUntil("k")).toBe(2_000);
    });

    it("records and reads in one step, recording nothing while the key cools down", async () => {
      await addAll("k", [{ event_id: "a", ts: 10 }]);
      expect(ids((await store.record("k", { event_id: "b", ts: 30, tag: "t" }, 10, 10, 40))!)).toEqual(["b"]);
      expect(await store.record("k", { event_id: "c", ts: 35 }, 0, 0, 40)).toEqual([
        { event_id: "b", ts: 30, tag: "t" },
        { event_id: "c", ts: 35 },
      ]);
      await store.setCooldownUntil("k", 100);
      expect(await store.record("k", { event_id: "d", ts: 99 }, 0, 0, 200)).toBeNull();
      expect(ids((await store.record("k", { event_id: "e", ts: 100 }, 0, 0, 200))!)).toEqual(["b", "c", "e"]);
    });

    it("lets one firing through the gate: it starts the cooldown and clears the window", async () => {
      const entry = { event_id: "b", ts: 20, tag: "x" };
      await addAll("k", [{ event_id: "a", ts: 10 }, entry]);
      expect(await store.claimFiring("k", { event_id: "zz", ts: 20 }, 20, 50)).toBe(false);
      expect(await store.getCooldownUntil("k")).toBeNull();
      expect(await store.claimFiring("k", entry, 20, 50)).toBe(true);
      expect(await store.getCooldownUntil("k")).toBe(50);
      expect(await store.entries("k", 0, 100)).toEqual([]);
      // The second evaluation that read the same window loses, even once its entry is back.
      expect(await store.claimFiring("k", entry, 20, 60)).toBe(false);
      await store.addEntry("k", entry, 0);
      expect(await store.claimFiring("k", entry, 30, 60)).toBe(false);
      expect(await store.getCooldownUntil("k")).toBe(50);
    });

    it("caps a window by dropping its oldest entries", async () => {
      const capped = await makeStore({ maxEntriesPerWindow: 3 });
      for (const [index, ts] of [5, 1, 4, 2, 3].entries())
        await capped.addEntry("k", { event_id: `e${index}`, ts }, 0);
      expect((await capped.entries("k", 0, 100)).map((entry) => entry.ts)).toEqual([3, 4, 5]);
    });

    it("opens a closing window at its first entry, evicting nothing, and hands it over once when it closes", async () => {
      expect(await store.recordUntilClose("rule:v", "k", { event_id: "a", ts: 1_000, tag: "x" }, 100)).toBe(
        true,
      );
      expect(await store.recordUntilClose("rule:v", "k", { event_id: "b", ts: 1_090 }, 100)).toBe(true);
      // Later entries keep the window open from its first one, and evict nothing.
      expect(await store.recordUntilClose("rule:v", "k", { event_id: "c", ts: 1_500 }, 100)).toBe(true);
      await store.recordUntilClose("rule:v", "other", { event_id: "d", ts: 1_050 }, 100);
      await store.recordUntilClose("rule:w", "w", { event_id: "e", ts: 1_000 }, 100);
      expect(ids(await store.entries("k", 0, 10_000))).toEqual(["a", "b", "c"]);
      expect(await store.takeClosed("rule:v", 1_099, 10)).toEqual([]);
      expect(await store.takeClosed("rule:v", 1_200, 10)).toEqual([
        { key: "k", closesAt: 1_100 },
        { key: "other", closesAt: 1_150 },
      ]);
      expect(await store.takeClosed("rule:v", 1_200, 10)).toEqual([]);
      expect(await store.takeClosed("rule:w", 5_000, 10)).toEqual([{ key: "w", closesAt: 1_100 }]);
    });

    it("hands over at most the limit, earliest first", async () => {
      for (const [index, ts] of [30, 10, 20].entries())
        await store.recordUntilClose("s", `k${index}`, { event_id: `e${index}`, ts }, 5);
      expect(await store.takeClosed("s", 100, 2)).toEqual([
        { key: "k1", closesAt: 15 },
        { key: "k2", closesAt: 25 },
      ]);
      expect(await store.takeClosed("s", 100, 2)).toEqual([{ key: "k0", closesAt: 35 }]);
    });

    it("reopens a judged window at the oldest entry left after it, or not at all", async () => {
      await store.recordUntilClose("s", "k", { event_id: "a", ts: 100, tag: "5" }, 50);
      await store.recordUntilClose("s", "k", { event_id: "b", ts: 149, tag: "6" }, 50);
      await store.recordUntilClose("s", "k", { event_id: "c", ts: 150, tag: "7" }, 50);
      await store.recordUntilClose("s", "k", { event_id: "d", ts: 170, tag: "8" }, 50);
      expect(await store.takeClosed("s", 150, 10)).toEqual([{ key: "k", closesAt: 150 }]);
      await store.reopen("s", "k", 150, 50);
      expect(ids(await store.entries("k", 0, 1_000))).toEqual(["c", "d"]);
      expect(
        await store.recordAndTally("k", { event_id: "e", ts: 171, tag: "1" }, 50, { sum: true }),
      ).toMatchObject({
        count: 3,
        sum: 16,
      });
      expect(await store.takeClosed("s", 1_000, 10)).toEqual([{ key: "k", closesAt: 200 }]);
      await store.reopen("s", "k", 200, 50);
      expect(await store.entries("k", 0, 1_000)).toEqual([]);
      expect(await store.takeClosed("s", 10_000, 10)).toEqual([]);
    });

    it("tells a first-seen value new once, then seen until it was not seen for the history", async () => {
      const day = 86_400_000;
      const t0 = 1_700_000_000_000;
      expect(await store.noteSeen("rule:v", "bob\u001ffr", t0, 30 * day)).toEqual({ isNew: true, since: t0 });
      expect(await store.noteSeen("rule:v", "bob\u001ffr", t0 + day, 30 * day)).toEqual({
        isNew: false,
        since: t0,
      });
      // Another member, another set: each new once.
      expect((await store.noteSeen("rule:v", "bob\u001fru", t0 + 2 * day, 30 * day))?.isNew).toBe(true);
      expect(await store.noteSeen("rule:w", "bob\u001ffr", t0 + 2 * day, 30 * day)).toEqual({
        isNew: true,
        since: t0 + 2 * day,
      });
      // Last seen t0 + 1 day: still known 30 days later, new again once 30 days passed without it.
      expect((await store.noteSeen("rule:v", "bob\u001ffr", t0 + 30 * day, 30 * day))?.isNew).toBe(false);
      expect((await store.noteSeen("rule:v", "bob\u001ffr", t0 + 61 * day + 1, 30 * day))?.isNew).toBe(true);
      // A late event of a known member keeps the latest time; an earlier event moves `since` back.
      expect(await store.noteSeen("rule:v", "bob\u001ffr", t0 - day, 30 * day)).toEqual({
        isNew: false,
        since: t0 - day,
      });
      expect((await store.noteSeen("rule:v", "bob\u001ffr", t0 + 62 * day, 30 * day))?.isNew).toBe(false);
    });

    it("moves a first-seen set's since back, never forward", async () => {
      await store.noteKnownSince("s", 500, 1_000);
      expect((await store.noteSeen("s", "a", 900, 1_000))?.since).toBe(500);
      await store.noteKnownSince("s", 700, 1_000);
      await store.noteKnownSince("s", 100, 1_000);
      expect(await store.noteSeen("s", "a", 901, 1_000)).toEqual({ isNew: false, since: 100 });
    });

    it("caps a first-seen set by forgetting the least recently seen values", async () => {
      const capped = await makeStore({ maxSeenValues: 2 });
      for (const [index, member] of ["a", "b", "c"].entries())
        await capped.noteSeen("s", member, 10 + index, 1_000);
      expect((await capped.noteSeen("s", "c", 20, 1_000))?.isNew).toBe(false);
      expect((await capped.noteSeen("s", "b", 21, 1_000))?.isNew).toBe(false);
      expect((await capped.noteSeen("s", "a", 22, 1_000))?.isNew).toBe(true);
    });

    it("records nothing and opens no window while the key cools down", async () => {
      await store.setCooldownUntil("k", 500);
      expect(await store.recordUntilClose("s", "k", { event_id: "a", ts: 499 }, 10)).toBe(false);
      expect(await store.entries("k", 0, 1_000)).toEqual([]);
      expect(await store.takeClosed("s", 10_000, 10)).toEqual([]);
      expect(await store.recordUntilClose("s", "k", { event_id: "b", ts: 500 }, 10)).toBe(true);
      expect(await store.takeClosed("s", 10_000, 10)).toEqual([{ key: "k", closesAt: 510 }]);
    });
  });
}
