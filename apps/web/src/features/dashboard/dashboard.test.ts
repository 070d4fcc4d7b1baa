import type { LogStreamItem } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import {
  heatmapCells,
  heatmapOption,
  percentile,
  severityDonutOption,
  timelineOption,
} from "./chartOptions.ts";
import { chartWindow, heatmapCellWindow } from "./clickThrough.ts";
import { feedItems } from "./LiveFeed.tsx";

const item = (id: string): LogStreamItem => ({
  id,
  timestamp: "2026-11-21T08:00:00.000Z",
  site_id: "AUDIO_001",
  source_type: "auth",
  severity: "info",
  event_type: "login_success",
  source_ip: null,
  dest_ip: null,
  hostname: null,
  username: null,
});

describe("live feed", () => {
  it("puts live arrivals first, then stored events it has not seen, capped", () => {
    const feed = feedItems([item("l2"), item("l1")], [item("l1"), item("s1"), item("s2")], 4);
    expect(feed.map((e) => e.id)).toEqual(["l2", "l1", "s1", "s2"]);
    expect(feedItems([], [item("s1"), item("s2")], 1).map((e) => e.id)).toEqual(["s1"]);
  });
});

describe("chart options", () => {
  it("caps the heatmap scale at the 95th percentile so one burst does not wash the week out", () => {
    expect(percentile([], 0.95)).toBe(0);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 1000], 0.95)).toBe(
      1000,
    );
    expect(percentile([...Array.from({ length: 99 }, () => 3), 5000], 0.95)).toBe(3);
    const buckets = Array.from({ length: 40 }, (_, h) => ({
      bucket: new Date(Date.UTC(2026, 10, 16, h)).toISOString(),
      count: h === 9 ? 900 : 4,
    }));
    const visualMap = heatmapOption(buckets, ["Mon"]).visualMap as { max: number };
    expect(visualMap.max).toBe(4);
  });

  it("labels timeline buckets with the local day and time, short on the axis", () => {
    const option = timelineOption(
      [{ bucket: "2026-11-21T08:15:00.000Z", count: 3, info: 3 }],
      (s) => s,
      "Events",
      24,
    );
    const axis = option.xAxis as { data: string[]; axisLabel: { formatter: (s: string) => string } };
    expect(axis.data[0]).toMatch(/^\d{2}\/\d{2} \d{2}:\d{2}$/);
    expect(axis.axisLabel.formatter(axis.data[0]!)).toMatch(/^\d{2}:\d{2}$/);
  });

  it("gives each severity's count in the donut legend", () => {
    const option = severityDonutOption(
      [
        { severity: "critical", count: 2 },
        { severity: "info", count: 1234 },
      ],
      (s) => s.toUpperCase(),
      (n) => n.toLocaleString("en-GB"),
    );
    const legend = option.legend as { formatter: (name: string) => string };
    expect(legend.formatter("INFO")).toBe("INFO 1,234");
    expect(legend.formatter("CRITICAL")).toBe("CRITICAL 2");
  });
});

describe("dashboard click-through", () => {
  const hourly = Array.from({ length: 48 }, (_, h) => ({
    bucket: new Date(Date.UTC(2026, 10, 16, h)).toISOString(), // Monday 16 November 2026, 00:00 UTC on
    count: 1,
  }));

  it("opens the latest hour of a heat-map cell, in the user's zone", () => {
    // Tuesday 09:00 in Paris is 08:00 UTC.
    expect(heatmapCellWindow(hourly, 9, 1, "Europe/Paris")).toEqual({
      from: "2026-11-17T08:00:00.000Z",
      to: "2026-11-17T08:59:59.999Z",
    });
    expect(heatmapCellWindow(hourly, 9, 4, "Europe/Paris")).toBeUndefined();
  });

  it("places heat-map cells and timeline labels in the zone asked", () => {
    const cells = heatmapCells(hourly.slice(0, 1), "Asia/Tokyo");
    expect(cells).toEqual([[9, 0, 1]]);
    const option = timelineOption(hourly.slice(0, 1), (s) => s, "Events", 24, "Asia/Tokyo");
    expect((option.xAxis as { data: string[] }).data[0]).toBe("16/11 09:00");
  });

  it("covers a whole chart for its view link", () => {
    expect(chartWindow(hourly, 3_600_000)).toEqual({
      from: "2026-11-16T00:00:00.000Z",
      to: "2026-11-17T23:59:59.999Z",
    });
    expect(chartWindow([], 3_600_000)).toBeUndefined();
  });
});
