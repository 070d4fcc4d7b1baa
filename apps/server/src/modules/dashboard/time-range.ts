/** A half-open time range [from, to) in epoch milliseconds; ±Infinity for an open end. */
export interface TimeRange {
  from: number;
  to: number;
}

/** Everything ever stored. */
export const ALL_TIME: TimeRange = { from: -Infinity, to: Infinity };

/** Bucket sizes of the rollup tables, finest first. */
export const GRAIN_MS = { "5m": 300_000, "1h": 3_600_000, "1d": 86_400_000 } as const;
/** A rollup bucket size. */
export type Grain = keyof typeof GRAIN_MS;

/** Part of a range answered by one source: the events table (`raw`) or the rollup of one grain. */
export interface RangePiece {
  source: Grain | "raw";
  from: number;
  to: number;
}

const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE;
/** One day in milliseconds. */
export const DAY = 24 * HOUR;

/** The start of the `step`-aligned bucket holding `t` (buckets are aligned on the UTC epoch). */
export function floorTo(t: number, step: number): number {
  return Number.isFinite(t) ? Math.floor(t / step) * step : t;
}

/** The first `step` boundary at or after `t`. */
export function ceilTo(t: number, step: number): number {
  return Number.isFinite(t) ? Math.ceil(t / step) * step : t;
}

/**
 * Splits a range so that whole buckets of the coarsest grain come from its rollup, the remaining
 * whole buckets from the next finer one, and only the sub-grain edges from the events table: the
 * sum is exact and reads at most two edges per grain. `grains` are ordered finest first.
 */
export function planRange(range: TimeRange, grains: readonly Grain[]): RangePiece[] {
  if (!(range.from < range.to)) return [];
  const coarsest = grains.at(-1);
  if (!coarsest) return [{ source: "raw", ...range }];
  const finer = grains.slice(0, -1);
  const step = GRAIN_MS[coarsest];
  const start = ceilTo(range.from, step);
  const end = floorTo(range.to, step);
  if (!(start < end)) return planRange(range, finer);
  return [
    ...planRange({ from: range.from, to: start }, finer),
    { source: coarsest, from: start, to: end },
    ...planRange({ from: end, to: range.to }, finer),
  ];
}

/** The start of every `step` bucket from `from` (aligned) up to `to` (exclusive). */
export function bucketStarts(range: TimeRange, step: number): number[] {
  const starts: number[] = [];
  for (let t = floorTo(range.from, step); t < range.to; t += step) starts.push(t);
  return starts;
}

/** Parses an ISO 8601 time with offset into epoch ms (the routes already validated it). */
export function parseTime(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Date.parse(value);
}
