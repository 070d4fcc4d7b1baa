import { describe, expect, it } from "vitest";
import { DEFERRED_EVENTS_MAX, restAfterSlice } from "./search-indexer.ts";

describe("search indexer pace", () => {
  it("takes most of a database core while nothing is written (catching up after a burst)", () => {
    expect(restAfterSlice(40, "idle", 0)).toBe(10);
  });

  it("rests twice a slice's time beside writes: at most a third of a database core", () => {
    expect(restAfterSlice(50, "writing", 0)).toBe(100);
    expect(restAfterSlice(50, "writing", DEFERRED_EVENTS_MAX * 2)).toBe(100);
  });

  it("yields to a saturated ingest (a ninth of a core) while the backlog is below the bound", () => {
    expect(restAfterSlice(50, "saturated", 0)).toBe(400);
    expect(restAfterSlice(50, "saturated", DEFERRED_EVENTS_MAX - 1)).toBe(400);
  });

  it("keeps its pace beside writes once that many events wait, so search never falls far behind", () => {
    expect(restAfterSlice(50, "saturated", DEFERRED_EVENTS_MAX)).toBe(100);
  });
});
