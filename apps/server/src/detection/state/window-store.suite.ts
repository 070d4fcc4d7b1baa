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
  });
}
