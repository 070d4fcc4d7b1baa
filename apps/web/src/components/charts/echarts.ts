import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, PieSeriesOption } from "echarts/charts";
import { BarChart, HeatmapChart, LineChart, PieChart } from "echarts/charts";
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from "echarts/components";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { type ComposeOption, init, registerTheme, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

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

/** Text, axis and grid colours per theme, so charts read like the surrounding panels. */
export const CHART_INK = {
  dark: { text: "#aab6c8", axis: "#3a475a", grid: "#222d3b", tooltipBg: "#18212d", tooltipLine: "#2c3a4d" },
  light: { text: "#475467", axis: "#c3cbd6", grid: "#e6eaf0", tooltipBg: "#ffffff", tooltipLine: "#d5dbe3" },
} as const;

export type ChartTheme = keyof typeof CHART_INK;

/** An echarts theme built from the ink above: every chart inherits it, options only say what differs. */
function chartTheme(theme: ChartTheme) {
  const ink = CHART_INK[theme];
  const axis = {
    axisLine: { lineStyle: { color: ink.axis } },
    axisTick: { lineStyle: { color: ink.axis } },
    axisLabel: { color: ink.text },
    splitLine: { lineStyle: { color: ink.grid } },
  };
  return {
    backgroundColor: "transparent",
    textStyle: { color: ink.text, fontFamily: "inherit" },
    legend: { textStyle: { color: ink.text } },
    categoryAxis: axis,
    valueAxis: axis,
    visualMap: { textStyle: { color: ink.text } },
    tooltip: {
      backgroundColor: ink.tooltipBg,
      borderColor: ink.tooltipLine,
      textStyle: { color: theme === "dark" ? "#e3e9f1" : "#0f172a" },
    },
  };
}

for (const theme of Object.keys(CHART_INK) as ChartTheme[])
  registerTheme(`vigie-${theme}`, chartTheme(theme));

/** Creates a chart on `host` in the console's theme. */
export function createChart(host: HTMLElement, theme: ChartTheme) {
  return init(host, `vigie-${theme}`, { renderer: "canvas" });
}
