import type { EventsSearch } from "../../routes/router.tsx";

/** An absolute window as the events URL holds it (ISO UTC, both ends included). */
export interface TimeWindow {
  from: string;
  to: string;
}

/**
 * The window covering buckets `first`…`last` of a chart (bucket starts ascending, `stepMs` wide): from the
 * first one's start to the last one's end (1 ms before the next bucket, `to` being inclusive). Indexes
 * past either end are clamped.
 */
export function bucketWindow(
  starts: readonly string[],
  first: number,
  last: number,
  stepMs: number,
): TimeWindow {
  const at = (i: number) => Date.parse(starts[Math.min(Math.max(i, 0), starts.length - 1)]!);
  return {
    from: new Date(at(Math.min(first, last))).toISOString(),
    to: new Date(at(Math.max(first, last)) + stepMs - 1).toISOString(),
  };
}

/** The events search zoomed to a window: the absolute window replaces a preset; paging and the open event reset. */
export function zoomedSearch(search: EventsSearch, window: TimeWindow): EventsSearch {
  const { range: _range, page: _page, event: _event, ...kept } = search;
  return { ...kept, ...window };
}

/** Three times the window around its middle, never past now (the way back out after zooming in). */
export function widerWindow(window: TimeWindow, now = Date.now()): TimeWindow {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const span = Math.max(to - from, 60_000);
  const end = Math.min(to + span, now);
  return { from: new Date(end - 3 * span).toISOString(), to: new Date(end).toISOString() };
}
