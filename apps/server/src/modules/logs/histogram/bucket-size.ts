const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Bucket sizes a histogram may use, finest first: round numbers an analyst reads at a glance. */
export const BUCKET_SIZES_MS = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  90 * DAY,
  365 * DAY,
] as const;

/** About how many bars a histogram shows: enough to see a burst, few enough to click one. */
export const TARGET_BUCKETS = 60;
/**
 * How many a window may take before the next size up: a tenth over the target, so a preset window that
 * arrives a little wider than itself (`from` set by the browser, `to` = now at the server) keeps its size.
 */
export const MAX_BUCKETS = 66;

/** The finest bucket size that covers a window of `spanMs` in at most MAX_BUCKETS buckets (15 min → 15 s, 24 h → 30 min). */
export function bucketSizeFor(spanMs: number): number {
  return BUCKET_SIZES_MS.find((size) => spanMs / size <= MAX_BUCKETS) ?? BUCKET_SIZES_MS.at(-1)!;
}
