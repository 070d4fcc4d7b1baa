import type { Severity } from "@vigie/contracts";
import { useMemo, useState } from "react";
import { useDashboardSummary, useTimeline, useTopSources } from "../../api/dashboard.ts";
import { EChart } from "../../components/charts/EChart.tsx";
import { Panel } from "../../components/Panel.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { heatmapOption, severityDonutOption, timelineOption, topSourcesOption } from "./chartOptions.ts";

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
  const [range, setRange] = useState<(typeof RANGES)[number]>(RANGES[1]);
  const timeline = useTimeline(range.hours, range.bucket);
  const option = useMemo(
    () =>
      timeline.data &&
      timelineOption(timeline.data, (s: Severity) => t(`severity.${s}`), t("dashboard.events"), range.hours),
    [timeline.data, t, range.hours],
  );
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
    <Panel title={t("dashboard.timeline")} actions={picker} testId="timeline-panel" className={className}>
      <div className="p-2">
        <QueryView query={timeline}>
          {() => option && <EChart option={option} height={CHART_HEIGHT} label={t("dashboard.timeline")} />}
        </QueryView>
      </div>
    </Panel>
  );
}

/** Severity donut from `GET /dashboard`, each legend entry with its count. */
export function SeverityPanel() {
  const t = useT();
  const fmt = useFormat();
  const summary = useDashboardSummary();
  const option = useMemo(
    () =>
      summary.data &&
      severityDonutOption(summary.data.severity_breakdown, (s) => t(`severity.${s}`), fmt.number),
    [summary.data, t, fmt],
  );
  return (
    <Panel title={t("dashboard.severity")} testId="severity-panel">
      <div className="p-2">
        <QueryView query={summary}>
          {() => option && <EChart option={option} height={CHART_HEIGHT} label={t("dashboard.severity")} />}
        </QueryView>
      </div>
    </Panel>
  );
}

/** Busiest sources. */
export function TopSourcesPanel() {
  const t = useT();
  const top = useTopSources(10);
  const option = useMemo(() => top.data && topSourcesOption(top.data), [top.data]);
  return (
    <Panel title={t("dashboard.topSources")} testId="top-sources-panel">
      <div className="p-2">
        <QueryView
          query={top}
          isEmpty={(rows) => rows.length === 0}
          empty={<p className="p-4 text-muted">{t("dashboard.noData")}</p>}
        >
          {() => option && <EChart option={option} height={220} label={t("dashboard.topSources")} />}
        </QueryView>
      </div>
    </Panel>
  );
}

const WEEK_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** When the activity happens: weekday × hour over the last 7 days. */
export function HeatmapPanel() {
  const t = useT();
  const week = useTimeline(168, 60);
  const option = useMemo(
    () =>
      week.data &&
      heatmapOption(
        week.data,
        WEEK_KEYS.map((d) => t(`day.${d}`)),
      ),
    [week.data, t],
  );
  return (
    <Panel title={t("dashboard.heatmap")} testId="heatmap-panel">
      <div className="p-2">
        <QueryView query={week}>
          {() => option && <EChart option={option} height={220} label={t("dashboard.heatmap")} />}
        </QueryView>
      </div>
    </Panel>
  );
}
