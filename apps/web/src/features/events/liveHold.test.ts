import { describe, expect, it } from "vitest";
import { holdLive, liveIds } from "./liveHold.ts";
import type { EventRow } from "./liveMerge.ts";

const row = (id: string, live = false): EventRow =>
  ({ id, timestamp: "2026-12-01T10:00:00Z", severity: "info", live }) as EventRow;

describe("holding live arrivals while the analyst reads", () => {
  const stored = [row("s1"), row("s2")];

  it("shows every row when nothing is held", () => {
    const rows = [row("l1", true), ...stored];
    expect(holdLive(rows, null)).toEqual({ rows, held: 0 });
  });

  it("keeps the live rows already on screen and counts the ones that arrived since", () => {
    const before = [row("l1", true), ...stored];
    const shown = liveIds(before);
    expect([...shown]).toEqual(["l1"]);
    const after = [row("l3", true), row("l2", true), ...before];
    const { rows, held } = holdLive(after, shown);
    expect(held).toBe(2);
    expect(rows.map((r) => r.id)).toEqual(["l1", "s1", "s2"]);
  });

  it("shows them all once released (the pill: every live row is on screen)", () => {
    const after = [row("l3", true), row("l2", true), row("l1", true), ...stored];
    expect(holdLive(after, liveIds(after))).toEqual({ rows: after, held: 0 });
  });
});
