import { SEVERITIES, type Severity } from "@vigie/contracts";
import type { TimelineBucket, TopSource } from "../../api/types.ts";
import { SEVERITY_COLORS } from "../../components/badges.tsx";
import type { ChartOption } from "../../components/charts/EChart.tsx";
import { browserTimeZone, wallTime } from "../../i18n/time-zone.ts";

const GRID = { left: 44, right: 12, top: 24, bottom: 28 };

/** Stacked bars per severity when buckets carry per-severity counts, one bar series otherwise. */
export function timelineOption(
  buckets: TimelineBucket[],
  severityLabel: (s: Severity) => string,
  totalLabel: string,
  hours = 24,
  zone = browserTimeZone(),
): ChartOption {
  // Categories carry the full date and time in the user's zone (the tooltip's title); the axis shows the short part.
  const x = buckets.map((b) => bucketLabel(b.bucket, zone));
  const perSeverity = buckets.some((b) => SEVERITIES.some((s) => typeof b[s] === "number"));
  const series = perSeverity
    ? [...SEVERITIES].reverse().map((s) => ({
        type: "bar" as const,
        name: severityLabel(s),
        stack: "events",
        barCategoryGap: "20%",
        itemStyle: { color: SEVERITY_COLORS[s].hex },
        data: buckets.map((b) => b[s] ?? 0),
      }))
    : [
        {
          type: "bar" as const,
          name: totalLabel,
          itemStyle: { color: "#38bdf8" },
          data: buckets.map((b) => b.count),
        },
      ];
  return {
    grid: GRID,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: perSeverity ? { top: 0, right: 0, itemWidth: 10, itemHeight: 10 } : undefined,
    xAxis: {
      type: "category",
      data: x,
      axisLabel: { formatter: (label: string) => (hours <= 24 ? label.slice(-5) : label.slice(0, 5)) },
    },
    yAxis: { type: "value", minInterval: 1 },
    series,
  };
}

/** `21/11 09:45` in the zone: day first, as both the French and the British write it. */
export function bucketLabel(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const w = wallTime(ms, zone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(w.day)}/${two(w.month)} ${two(w.hour)}:${two(w.minute)}`;
}

/** Donut of events per severity, in the shared severity colours; the legend gives each count. */
export function severityDonutOption(
  breakdown: { severity: Severity; count: number }[],
  severityLabel: (s: Severity) => string,
  formatCount: (n: number) => string = String,
): ChartOption {
  const counts = new Map(breakdown.map((b) => [severityLabel(b.severity), b.count]));
  return {
    tooltip: { trigger: "item" },
    legend: {
      bottom: 0,
      left: "center",
      itemWidth: 10,
      itemHeight: 10,
      itemGap: 10,
      formatter: (name: string) => `${name} ${formatCount(counts.get(name) ?? 0)}`,
    },
    series: [
      {
        type: "pie",
        radius: ["42%", "64%"],
        center: ["50%", "40%"],
        label: { show: false },
        itemStyle: { borderColor: "transparent", borderWidth: 1 },
        data: breakdown.map((b) => ({
          name: severityLabel(b.severity),
          value: b.count,
          itemStyle: { color: SEVERITY_COLORS[b.severity]?.hex ?? "#8391a5" },
        })),
      },
    ],
  };
}

/** The label of a top-sources row, whichever key the server used. */
export function topSourceLabel(row: TopSource): string {
  return row.source_ip ?? row.source ?? row.source_type ?? "—";
}

/** Horizontal bars of the busiest sources, busiest on top. */
export function topSourcesOption(rows: TopSource[]): ChartOption {
  const sorted = [...rows].sort((a, b) => a.count - b.count);
  return {
    grid: { left: 110, right: 16, top: 8, bottom: 20 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      data: sorted.map(topSourceLabel),
      axisLabel: { width: 100, overflow: "truncate" },
    },
    series: [
      { type: "bar", data: sorted.map((r) => r.count), itemStyle: { color: "#38bdf8" }, barMaxWidth: 14 },
    ],
  };
}

/** Folds hourly buckets into a weekday × hour grid of counts (in the zone; weekday 0 = Monday). */
export function heatmapCells(
  buckets: TimelineBucket[],
  zone = browserTimeZone(),
): [number, number, number][] {
  const grid = new Map<string, number>();
  for (const b of buckets) {
    const ms = Date.parse(b.bucket);
    if (Number.isNaN(ms)) continue;
    const w = wallTime(ms, zone);
    const key = `${w.hour}:${w.weekday}`;
    grid.set(key, (grid.get(key) ?? 0) + b.count);
  }
  return [...grid].map(([key, count]) => {
    const [hour, day] = key.split(":").map(Number) as [number, number];
    return [hour, day, count];
  });
}

/** Day × hour heatmap; `days` are the weekday labels starting Monday. */
export function heatmapOption(
  buckets: TimelineBucket[],
  days: string[],
  zone = browserTimeZone(),
): ChartOption {
  const cells = heatmapCells(buckets, zone);
  // One burst (an attack, a generator run) would wash every other hour out: the scale tops at the 95th percentile.
  const max = Math.max(
    1,
    percentile(
      cells.map((c) => c[2]).filter((n) => n > 0),
      0.95,
    ),
  );
  return {
    grid: { left: 44, right: 12, top: 8, bottom: 48 },
    tooltip: { position: "top" },
    xAxis: {
      type: "category",
      data: Array.from({ length: 24 }, (_, h) => String(h)),
      splitArea: { show: false },
    },
    yAxis: { type: "category", data: days, inverse: true },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      text: [`${max}+`, "0"],
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      inRange: { color: ["rgba(56,189,248,0.06)", "#38bdf8", "#f97316"] },
    },
    series: [
      { type: "heatmap", data: cells, emphasis: { itemStyle: { borderColor: "#fff", borderWidth: 1 } } },
    ],
  };
}

/** The value below which `share` of `values` fall (0 for none). */
export function percentile(values: number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

/** Events in the last 24 h and the change against the 24 h before, from 48 hourly buckets. */
export function dayOverDay(
  buckets: TimelineBucket[],
  now = Date.now(),
): { current: number; previous: number } {
  const dayMs = 24 * 3600_000;
  let current = 0;
  let previous = 0;
  for (const b of buckets) {
    const age = now - new Date(b.bucket).getTime();
    if (age < dayMs) current += b.count;
    else if (age < 2 * dayMs) previous += b.count;
  }
  return { current, previous };
}
