import type { Severity } from "@vigie/contracts";
import { useMemo } from "react";
import { type LogFilters, useLogHistogram } from "../../api/logs.ts";
import { EChart } from "../../components/charts/EChart.tsx";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";
import type { EventsSearch } from "../../routes/router.tsx";
import { timelineOption } from "../dashboard/chartOptions.ts";
import { bucketWindow, widerWindow, zoomedSearch } from "./timeWindow.ts";

const HEIGHT = 88;

/** `15 s`, `30 min`, `3 h`, `1 d`: a bucket size as the summary line says it. */
export function intervalLabel(ms: number, t: Translate): string {
  if (ms % 86_400_000 === 0) return t("time.days", { count: ms / 86_400_000 });
  if (ms % 3_600_000 === 0) return t("time.hours", { count: ms / 3_600_000 });
  if (ms % 60_000 === 0) return t("time.minutes", { count: ms / 60_000 });
  return t("time.seconds", { count: ms / 1000 });
}

/**
 * The compact histogram of the current search above the events table: dragging across it, or clicking a
 * bar, zooms the URL's window to those buckets; "zoom out" widens it again. The from/to fields of the
 * filter form are the keyboard way to the same windows.
 */
export function EventHistogram({
  filters,
  search,
  onApply,
}: {
  filters: LogFilters;
  search: EventsSearch;
  onApply: (next: EventsSearch) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const histogram = useLogHistogram(filters);
  const data = histogram.data;
  const option = useMemo(() => {
    if (!data) return undefined;
    const buckets = data.buckets.map((b) => ({ bucket: b.start, count: b.count }));
    // Whole hours: a preset window arrives a little wider than itself (from set here, to = now at the server).
    const hours = Math.floor((Date.parse(data.to) - Date.parse(data.from)) / 3_600_000);
    const base = timelineOption(buckets, (s: Severity) => s, t("dashboard.events"), hours, fmt.zone);
    return { ...base, grid: { left: 40, right: 8, top: 6, bottom: 20 } };
  }, [data, t, fmt.zone]);
  const zoom = (first: number, last: number) => {
    if (!data?.buckets.length) return;
    const starts = data.buckets.map((b) => b.start);
    onApply(zoomedSearch(search, bucketWindow(starts, first, last, data.interval_ms)));
  };
  const zoomed = Boolean(search.from || search.to);
  return (
    <section
      className="shrink-0 border-b border-line bg-panel px-3 pt-1.5 sm:px-5"
      aria-label={t("histogram.title")}
      data-testid="event-histogram"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[12px] text-muted">
        <span data-testid="histogram-summary">
          {data
            ? t("histogram.summary", {
                count: data.total,
                interval: intervalLabel(data.interval_ms, t),
              })
            : "\u00a0"}
        </span>
        <span className="max-sm:hidden">{t("histogram.hint")}</span>
        <span className="flex-1" />
        {zoomed && data && (
          <button
            type="button"
            className="vg-btn h-6 px-2 text-[11.5px]"
            onClick={() => onApply(zoomedSearch(search, widerWindow(data)))}
            data-testid="histogram-zoom-out"
          >
            {t("histogram.zoomOut")}
          </button>
        )}
      </div>
      {option ? (
        <EChart option={option} height={HEIGHT} label={t("histogram.title")} onBrush={zoom} />
      ) : (
        <div style={{ height: HEIGHT }} />
      )}
    </section>
  );
}
