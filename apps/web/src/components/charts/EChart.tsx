import type { EChartsType } from "echarts/core";
import { useEffect, useRef, useState } from "react";
import { useT } from "../../i18n/index.ts";
import { useThemeStore } from "../../stores/theme.ts";
import type { ChartOption } from "./echarts.ts";

export type { ChartOption };

/**
 * echarts is fetched on first use, not with the page: the page renders and asks for its data while the
 * chart library downloads, instead of waiting for it.
 */
const loadEcharts = () => import("./echarts.ts");

/** An echarts canvas that follows its container's size and the theme (a theme change redraws the chart). */
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
  const chart = useRef<EChartsType | null>(null);
  const theme = useThemeStore((s) => s.theme);
  const latest = useRef(option);
  latest.current = option;
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
        cleanup = () => {
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
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  if (failed) return <p className="p-4 text-muted">{t("common.error")}</p>;
  return <div ref={host} role="img" aria-label={label} style={{ height }} className="w-full" />;
}
