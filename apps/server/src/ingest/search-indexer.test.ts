import { describe, expect, it } from "vitest";
import { DEFERRED_EVENTS_MAX, restAfterSlice } from "./search-indexer.ts";

describe("search indexer pace", () => {
  it("rests twice a slice's time normally: at most a third of a database core", () => {
    expect(restAfterSlice(50, false, 0)).toBe(100);
    expect(restAfterSlice(50, false, DEFERRED_EVENTS_MAX * 2)).toBe(100);
  });

  it("yields to a saturated ingest (a ninth of a core) while the backlog is below the bound", () => {
    expect(restAfterSlice(50, true, 0)).toBe(400);
    expect(restAfterSlice(50, true, DEFERRED_EVENTS_MAX - 1)).toBe(400);
  });

  it("keeps its normal pace once that many events wait, so search never falls far behind", () => {
    expect(restAfterSlice(50, true, DEFERRED_EVENTS_MAX)).toBe(100);
  });
});
