import type { EChartsType } from "echarts/core";
import { useEffect, useRef, useState } from "react";
import { useT } from "../../i18n/index.ts";
import { useThemeStore } from "../../stores/theme.ts";
import { attachBrush, type BrushBand } from "./brush.ts";
import type { ChartOption } from "./echarts.ts";

export type { ChartOption };

/** What a click on a chart element names (a pie slice, a bar, a heat-map cell). */
export interface ChartPick {
  dataIndex: number;
  name: string;
  seriesName?: string;
  value: unknown;
}

/** How a chart answers the pointer: a click on an element, or a drag across its category (time) axis. */
export interface ChartInteractions {
  onPick?: (pick: ChartPick) => void;
  /** Brushing over the x categories (`attachBrush`); a click on one bar gives the same index twice. */
  onBrush?: (first: number, last: number) => void;
}

/**
 * echarts is fetched on first use, not with the page: the page renders and asks for its data while the
 * chart library downloads, instead of waiting for it.
 */
const loadEcharts = () => import("./echarts.ts");

/**
 * An echarts canvas that follows its container's size and the theme (a theme change redraws the chart);
 * clicks and drags go to `onPick` / `onBrush` (a chart that takes them must also offer a keyboard way).
 */
export function EChart({
  option,
  height = 240,
  label,
  onPick,
  onBrush,
}: {
  option: ChartOption;
  height?: number;
  label: string;
} & ChartInteractions) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const theme = useThemeStore((s) => s.theme);
  const latest = useRef(option);
  latest.current = option;
  const handlers = useRef<ChartInteractions>({});
  handlers.current = { onPick, onBrush };
  const brushable = Boolean(onBrush);
  const [band, setBand] = useState<BrushBand | null>(null);
  const [failed, setFailed] = useState(false);
  const t = useT();

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    loadEcharts().then(
      ({ createChart }) => {
        if (disposed || !host.current) return;
        const instance = createChart(host.current, theme);
        instance.setOption(latest.current);
        chart.current = instance;
        const observer = new ResizeObserver(() => instance.resize());
        observer.observe(host.current);
        instance.on("click", (p) => handlers.current.onPick?.(p as unknown as ChartPick));
        const detach = brushable
          ? attachBrush(instance, (a, b) => handlers.current.onBrush?.(a, b), setBand)
          : () => {};
        cleanup = () => {
          detach();
          observer.disconnect();
          instance.dispose();
          chart.current = null;
        };
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      cleanup();
    };
  }, [theme, brushable]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  if (failed) return <p className="p-4 text-muted">{t("common.error")}</p>;
  const canvas = <div ref={host} role="img" aria-label={label} style={{ height }} className="w-full" />;
  if (!brushable) return canvas;
  return (
    <div className="relative cursor-crosshair select-none">
      {canvas}
      {band && (
        <div
          aria-hidden
          className="pointer-events-none absolute inset-y-0 border-x border-accent bg-accent/15"
          style={{ left: band.left, width: band.width }}
        />
      )}
    </div>
  );
}
