import { describe, expect, it } from "vitest";
import { bucketWindow, widerWindow, zoomedSearch } from "./timeWindow.ts";

const starts = ["2026-11-20T10:00:00.000Z", "2026-11-20T10:01:00.000Z", "2026-11-20T10:02:00.000Z"];

describe("zooming the events window", () => {
  it("covers the brushed buckets, end included, in either drag direction and clamped", () => {
    const window = { from: "2026-11-20T10:01:00.000Z", to: "2026-11-20T10:02:59.999Z" };
    expect(bucketWindow(starts, 1, 2, 60_000)).toEqual(window);
    expect(bucketWindow(starts, 2, 1, 60_000)).toEqual(window);
    expect(bucketWindow(starts, -4, 0, 60_000)).toEqual({
      from: "2026-11-20T10:00:00.000Z",
      to: "2026-11-20T10:00:59.999Z",
    });
    expect(bucketWindow(starts, 1, 99, 60_000).to).toBe("2026-11-20T10:02:59.999Z");
  });

  it("replaces a preset with the absolute window and keeps the other filters", () => {
    expect(
      zoomedSearch(
        { range: "24h", severity: "high", q: "sshd", page: 3, event: "x" },
        { from: "a", to: "b" },
      ),
    ).toEqual({ severity: "high", q: "sshd", from: "a", to: "b" });
  });

  it("zooms out to three times the window, never past now", () => {
    const now = Date.parse("2026-11-20T12:00:00Z");
    expect(widerWindow({ from: "2026-11-20T10:00:00.000Z", to: "2026-11-20T11:00:00.000Z" }, now)).toEqual({
      from: "2026-11-20T09:00:00.000Z",
      to: "2026-11-20T12:00:00.000Z",
    });
    expect(widerWindow({ from: "2026-11-20T11:30:00.000Z", to: "2026-11-20T11:50:00.000Z" }, now)).toEqual({
      from: "2026-11-20T11:00:00.000Z",
      to: "2026-11-20T12:00:00.000Z",
    });
  });
});
