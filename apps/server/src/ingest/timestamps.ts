/** Earliest event time accepted as given; older values are treated as clock errors. */
const EARLIEST = Date.UTC(2000, 0, 1);
/** Events may be stamped at most this far in the future (sender clocks drift, time zones get mixed up). */
const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** The event time to store, and why the submitted one was replaced (if it was). */
export interface ResolvedTime {
  time: Date;
  /** `older_than_retention`: a syslog line dated before the retention window (docs/INGEST-POLICY.md). */
  replaced?: "missing" | "unparseable" | "out_of_range" | "older_than_retention";
}

/**
 * Reads a submitted timestamp: ISO 8601 text or epoch seconds/milliseconds. Missing, unparseable or
 * implausible values become the server time (CONTRACT §3), with the reason kept.
 */
export function resolveEventTime(value: unknown, now: Date): ResolvedTime {
  if (value === undefined || value === null || value === "") return { time: now, replaced: "missing" };
  const ms = toMillis(value);
  if (ms === null) return { time: now, replaced: "unparseable" };
  if (ms < EARLIEST || ms > now.getTime() + MAX_FUTURE_MS) return { time: now, replaced: "out_of_range" };
  return { time: new Date(ms) };
}

function toMillis(value: unknown): number | null {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    return value < 1e11 ? value * 1000 : value;
  }
  if (typeof value !== "string") return null;
  if (/^\d{9,13}(\.\d+)?$/.test(value)) return toMillis(Number(value));
  // Date.parse reads a zone-less ISO date-time as local time: pin such values to UTC.
  const text = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
