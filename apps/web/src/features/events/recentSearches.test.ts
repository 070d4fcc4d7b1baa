import { describe, expect, it } from "vitest";
import { MAX_RECENT, readRecent, rememberSearch } from "./recentSearches.ts";

/** A Storage in memory (the unit tests run without a browser). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

describe("recent searches", () => {
  it("keeps the last ten distinct searches per user, newest first; a repeated one moves up", () => {
    const storage = memoryStorage();
    for (let i = 0; i < 12; i++) rememberSearch("u1", { q: `word${i}`, filters: {} }, storage);
    rememberSearch("u1", { q: "word5", filters: {} }, storage);
    const recent = readRecent("u1", storage);
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent.map((r) => r.q).slice(0, 3)).toEqual(["word5", "word11", "word10"]);
    expect(recent.filter((r) => r.q === "word5")).toHaveLength(1);
    expect(readRecent("u2", storage)).toEqual([]);
  });

  it("the same filters in another order are one search; an empty search is not kept", () => {
    const storage = memoryStorage();
    rememberSearch("u1", { q: "sshd", filters: { site_id: "AUDIO_001", severity: "high" } }, storage);
    rememberSearch("u1", { q: "sshd", filters: { severity: "high", site_id: "AUDIO_001" } }, storage);
    rememberSearch("u1", { q: "", filters: {} }, storage);
    expect(readRecent("u1", storage)).toHaveLength(1);
  });

  it("unreadable storage or invalid filters are left out rather than breaking the page", () => {
    const storage = memoryStorage();
    storage.setItem("vigie.recentSearches.u1", "{not json");
    expect(readRecent("u1", storage)).toEqual([]);
    storage.setItem(
      "vigie.recentSearches.u1",
      JSON.stringify([{ q: "x", filters: { severity: "urgent", site_id: "AUDIO_002", colour: "red" } }, 42]),
    );
    expect(readRecent("u1", storage)).toEqual([{ q: "x", filters: { site_id: "AUDIO_002" } }]);
  });
});
