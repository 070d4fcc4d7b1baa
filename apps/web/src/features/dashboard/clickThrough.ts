import { OPEN_ALERT_STATUSES } from "@vigie/contracts";
import type { TimelineBucket } from "../../api/types.ts";
import { wallTime } from "../../i18n/time-zone.ts";
import type { TimeWindow } from "../events/timeWindow.ts";

/** The alerts status filter of "open" (the status tab of the same name). */
export const OPEN_ALERTS = OPEN_ALERT_STATUSES.join(",");

const HOUR = 3_600_000;

/**
 * The hour a heat-map cell stands for: the latest hourly bucket on that weekday (0 = Monday) and hour in
 * the zone, as an events window; undefined when the chart has no such bucket.
 */
export function heatmapCellWindow(
  buckets: readonly TimelineBucket[],
  hour: number,
  weekday: number,
  zone: string,
): TimeWindow | undefined {
  const match = buckets.findLast((b) => {
    const w = wallTime(Date.parse(b.bucket), zone);
    return w.hour === hour && w.weekday === weekday;
  });
  if (!match) return undefined;
  const start = Date.parse(match.bucket);
  return { from: new Date(start).toISOString(), to: new Date(start + HOUR - 1).toISOString() };
}

/** The window a whole chart covers: its first bucket's start to its last bucket's end. */
export function chartWindow(buckets: readonly TimelineBucket[], stepMs: number): TimeWindow | undefined {
  const first = buckets[0];
  const last = buckets.at(-1);
  if (!first || !last) return undefined;
  return { from: first.bucket, to: new Date(Date.parse(last.bucket) + stepMs - 1).toISOString() };
}
