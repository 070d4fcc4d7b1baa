import type { Severity } from "@vigie/contracts";
import { useMemo, useState } from "react";
import { useDashboardSummary, useTimeline, useTopSources } from "../../api/dashboard.ts";
import { EChart } from "../../components/charts/EChart.tsx";
import { Panel } from "../../components/Panel.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { bucketWindow } from "../events/timeWindow.ts";
import { ChartLinks, useOpenEvents, ViewEventsLink } from "./ChartLinks.tsx";
import {
  heatmapOption,
  severityDonutOption,
  timelineOption,
  topSourceLabel,
  topSourcesOption,
} from "./chartOptions.ts";
import { chartWindow, heatmapCellWindow } from "./clickThrough.ts";

/** Timeline ranges offered by the picker, with a bucket size that keeps about a hundred bars. */
const RANGES = [
  { id: "6h", hours: 6, bucket: 5 },
  { id: "24h", hours: 24, bucket: 15 },
  { id: "7d", hours: 168, bucket: 120 },
  { id: "30d", hours: 720, bucket: 360 },
] as const;

const CHART_HEIGHT = 250;

/** Event timeline stacked by severity, with a range picker. */
export function TimelinePanel({ className }: { className?: string }) {
  const t = useT();
  const fmt = useFormat();
  const openEvents = useOpenEvents();
  const [range, setRange] = useState<(typeof RANGES)[number]>(RANGES[1]);
  const timeline = useTimeline(range.hours, range.bucket);
  const step = range.bucket * 60_000;
  const option = useMemo(
    () =>
      timeline.data &&
      timelineOption(
        timeline.data,
        (s: Severity) => t(`severity.${s}`),
        t("dashboard.events"),
        range.hours,
        fmt.zone,
      ),
    [timeline.data, t, range.hours, fmt.zone],
  );
  // Brushed buckets (or the one clicked) open Events on that window.
  const onBrush = (first: number, last: number) => {
    const starts = timeline.data?.map((b) => b.bucket) ?? [];
    if (starts.length) openEvents(bucketWindow(starts, first, last, step));
  };
  const picker = (
    <fieldset aria-label={t("dashboard.range")} className="flex gap-1">
      {RANGES.map((r) => (
        <button
          key={r.id}
          type="button"
          aria-pressed={r.id === range.id}
          onClick={() => setRange(r)}
          className={`h-6 rounded px-2 text-[11px] font-semibold ${r.id === range.id ? "bg-accent text-accent-fg" : "bg-raised text-muted hover:text-fg"}`}
        >
          {t(`dashboard.range.${r.id}`)}
        </button>
      ))}
    </fieldset>
  );
  return (
    <Panel
      title={t("dashboard.timeline")}
      actions={
        <>
          {picker}
          <ViewEventsLink search={timeline.data && chartWindow(timeline.data, step)} />
        </>
      }
      testId="timeline-panel"
      className={className}
    >
      <div className="p-2">
        <QueryView query={timeline}>
          {() =>
            option && (
              <EChart
                option={option}
                height={CHART_HEIGHT}
                label={`${t("dashboard.timeline")}. ${t("dashboard.brushHint")}`}
                onBrush={onBrush}
              />
            )
          }
        </QueryView>
        <p className="px-2 text-[11.5px] text-muted max-sm:hidden">{t("dashboard.brushHint")}</p>
      </div>
    </Panel>
  );
}

/** Severity donut from `GET /dashboard`, each legend entry with its count. */
export function SeverityPanel() {
  const t = useT();
  const fmt = useFormat();
  const openEvents = useOpenEvents();
  const summary = useDashboardSummary();
  const breakdown = summary.data?.severity_breakdown;
  const option = useMemo(
    () => breakdown && severityDonutOption(breakdown, (s) => t(`severity.${s}`), fmt.number),
    [breakdown, t, fmt],
  );
  // The dashboard's counts cover everything stored: a slice opens that severity with no time bound.
  const links = (breakdown ?? []).map(({ severity }) => ({
    label: t(`severity.${severity}`),
    search: { severity },
  }));
  return (
    <Panel title={t("dashboard.severity")} testId="severity-panel">
      <div className="p-2">
        <QueryView query={summary}>
          {() =>
            option && (
              <EChart
                option={option}
                height={CHART_HEIGHT}
                label={t("dashboard.severity")}
                onPick={(pick) => links[pick.dataIndex] && openEvents(links[pick.dataIndex]!.search)}
              />
            )
          }
        </QueryView>
      </div>
      <ChartLinks links={links} />
    </Panel>
  );
}

/** Busiest sources. */
export function TopSourcesPanel() {
  const t = useT();
  const openEvents = useOpenEvents();
  const top = useTopSources(10);
  const option = useMemo(() => top.data && topSourcesOption(top.data), [top.data]);
  const links = (top.data ?? [])
    .filter((row) => row.source_ip)
    .map((row) => ({ label: topSourceLabel(row), search: { source_ip: row.source_ip! } }));
  const byLabel = new Map(links.map((link) => [link.label, link.search]));
  return (
    <Panel title={t("dashboard.topSources")} testId="top-sources-panel">
      <div className="p-2">
        <QueryView
          query={top}
          isEmpty={(rows) => rows.length === 0}
          empty={<p className="p-4 text-muted">{t("dashboard.noData")}</p>}
        >
          {() =>
            option && (
              <EChart
                option={option}
                height={220}
                label={t("dashboard.topSources")}
                onPick={(pick) => byLabel.has(pick.name) && openEvents(byLabel.get(pick.name)!)}
              />
            )
          }
        </QueryView>
      </div>
      <ChartLinks links={links} />
    </Panel>
  );
}

const WEEK_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** When the activity happens: weekday × hour over the last 7 days. */
export function HeatmapPanel() {
  const t = useT();
  const fmt = useFormat();
  const openEvents = useOpenEvents();
  const week = useTimeline(168, 60);
  const option = useMemo(
    () =>
      week.data &&
      heatmapOption(
        week.data,
        WEEK_KEYS.map((d) => t(`day.${d}`)),
        fmt.zone,
      ),
    [week.data, t, fmt.zone],
  );
  // A cell is a weekday and an hour: it opens that hour's events (the latest of the week shown).
  const onPick = ({ value }: { value: unknown }) => {
    const [hour, weekday] = value as [number, number];
    const window = week.data && heatmapCellWindow(week.data, hour, weekday, fmt.zone);
    if (window) openEvents(window);
  };
  return (
    <Panel
      title={t("dashboard.heatmap")}
      actions={<ViewEventsLink search={week.data && chartWindow(week.data, 3_600_000)} />}
      testId="heatmap-panel"
    >
      <div className="p-2">
        <QueryView query={week}>
          {() =>
            option && <EChart option={option} height={220} label={t("dashboard.heatmap")} onPick={onPick} />
          }
        </QueryView>
      </div>
    </Panel>
  );
}
