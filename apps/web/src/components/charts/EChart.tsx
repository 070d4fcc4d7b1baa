import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, PieSeriesOption } from "echarts/charts";
import { BarChart, HeatmapChart, LineChart, PieChart } from "echarts/charts";
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from "echarts/components";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { type ComposeOption, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useThemeStore } from "../../stores/theme.ts";

// Only what the console draws is registered, which keeps echarts' share of the chart chunk small.
use([
  BarChart,
  LineChart,
  PieChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** The chart options the app may use (the registered charts and components only). */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | VisualMapComponentOption
>;

/** Text and grid colours per theme, so charts match the surrounding panels. */
export const CHART_INK = {
  dark: { text: "#94a3b8", line: "#253142", tooltipBg: "#18212d" },
  light: { text: "#4b5565", line: "#d5dbe3", tooltipBg: "#ffffff" },
} as const;

/** An echarts canvas that follows its container's size and the theme. */
export function EChart({
  option,
  height = 240,
  label,
}: {
  option: ChartOption;
  height?: number;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const theme = useThemeStore((s) => s.theme);

  useEffect(() => {
    if (!host.current) return;
    const instance = init(host.current, undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const ink = CHART_INK[theme];
    chart.current?.setOption(
      {
        backgroundColor: "transparent",
        textStyle: { color: ink.text, fontFamily: "inherit" },
        tooltip: { backgroundColor: ink.tooltipBg, borderColor: ink.line, textStyle: { color: ink.text } },
        ...option,
      },
      { notMerge: true },
    );
  }, [option, theme]);

  return <div ref={host} role="img" aria-label={label} style={{ height }} className="w-full" />;
}
