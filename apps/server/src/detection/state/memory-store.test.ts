import { describe, expect, it } from "vitest";
import { MemoryWindowStore } from "./memory-store.ts";
import { windowStoreSuite } from "./window-store.suite.ts";
import { windowTallySuite } from "./window-tally.suite.ts";

windowStoreSuite("memory", async (limits) => new MemoryWindowStore(limits));
windowTallySuite("memory", async (limits) => new MemoryWindowStore(limits));

describe("MemoryWindowStore", () => {
  it("forgets the least recently used windows and cooldowns beyond maxKeys", async () => {
    const store = new MemoryWindowStore({ maxKeys: 2 });
    await store.addEntry("a", { event_id: "1", ts: 1 }, 0);
    await store.addEntry("b", { event_id: "2", ts: 1 }, 0);
    await store.addEntry("a", { event_id: "3", ts: 2 }, 0);
    await store.addEntry("c", { event_id: "4", ts: 1 }, 0);
    expect(await store.entries("b", 0, 10)).toEqual([]);
    expect((await store.entries("a", 0, 10)).length).toBe(2);
    for (const key of ["a", "b", "c"]) await store.setCooldownUntil(key, 10);
    expect(await store.getCooldownUntil("a")).toBeNull();
    expect(await store.getCooldownUntil("c")).toBe(10);
  });
});
