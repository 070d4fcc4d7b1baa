import { LOG_STREAM_KEYS, type LogEvent, type LogStreamItem } from "@vigie/contracts";
import type { LogFilters } from "../../api/logs.ts";

/** A row of the events table: a stored event, or a live one known only by its stream fields. */
export type EventRow = Pick<LogEvent, keyof LogStreamItem> & Partial<LogEvent> & { live?: boolean };

/** The stream fields a list filter can name (all but the id and the time). */
const STREAM_FIELDS = LOG_STREAM_KEYS.filter(
  (key): key is Exclude<(typeof LOG_STREAM_KEYS)[number], "id" | "timestamp"> =>
    key !== "id" && key !== "timestamp",
);

/**
 * True when a live event can be shown under the current filters: every filter the stream item can answer
 * must match, and filters it cannot answer (free text, status, time range, run) exclude it to stay honest.
 */
export function liveMatches(item: LogStreamItem, filters: LogFilters): boolean {
  if (filters.q || filters.status || filters.from || filters.to || filters.scenario_run_id) return false;
  return STREAM_FIELDS.every((field) => !filters[field] || String(item[field] ?? "") === filters[field]);
}

/** Live arrivals newer than the loaded page go on top, once each, newest first. */
export function mergeLive(stored: LogEvent[], live: LogStreamItem[], filters: LogFilters): EventRow[] {
  const newest = stored[0]?.timestamp ?? "";
  const seen = new Set(stored.map((e) => e.id));
  const fresh: EventRow[] = [];
  for (const item of live) {
    if (seen.has(item.id) || item.timestamp < newest || !liveMatches(item, filters)) continue;
    seen.add(item.id);
    fresh.push({ ...item, status: "new", live: true });
  }
  return [...fresh, ...stored];
}
