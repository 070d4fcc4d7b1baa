import { type Bounds, boundsFromAbove, withinBounds } from "@vigie/contracts";
import type { EventPredicate } from "../match.ts";
import type { WindowStore } from "../state/window-store.ts";
import type { DetectionEvent, Detector, Firing } from "../types.ts";
import { fire, firingOf, placeEvent, type RuleFrame, recordInWindow, windowEntries } from "./common.ts";
import type { Figure } from "./figures.ts";

/** How far event time must move before a rule looks for closed windows again. */
export const CLOSE_CHECK_EVERY_MS = 1_000;
/** Closed windows taken from the store at once. */
const CLOSED_BATCH = 100;

/** A rule over one filter whose figure (a count, a sum...) over each group's window must meet bounds. */
export interface WindowedSpec {
  readonly frame: RuleFrame;
  readonly matches: EventPredicate;
  readonly figure: Figure;
  readonly bounds: Bounds;
  /** The field value an entry is tagged with (its figure's input); absent: entries are not tagged. */
  readonly readValue?: (event: DetectionEvent) => unknown;
}

/** The event's tag, undefined when untagged, null when the event has no usable value (left out). */
function tagOf(spec: WindowedSpec, event: DetectionEvent): string | undefined | null {
  return spec.readValue ? spec.figure.tagOf(spec.readValue(event)) : undefined;
}

/**
 * Judged at each event (the default): records the event and fires the first time the figure of the
 * window it falls in meets the bounds, checked on the tally first, then on the entries read back.
 */
function judgedAtEachEvent(spec: WindowedSpec): Detector["evaluate"] {
  const { frame, matches, figure, bounds } = spec;
  return async (event, store) => {
    const tag = matches(event) ? tagOf(spec, event) : null;
    if (tag === null) return null;
    const window = await recordInWindow(frame, store, event, { tag, tally: figure.tally });
    if (!window) return null;
    const quick = figure.fromTally(window.tally);
    if (quick !== undefined && !withinBounds(bounds, quick)) return null;
    const measured = figure.measure(await windowEntries(frame, store, window), window.entry);
    if (!measured || !withinBounds(bounds, measured.value)) return null;
    return fire(frame, store, window, measured.matched, event);
  };
}

/** Judged when the window closes: records the event in its group's window, opened by its first event. */
function recordedUntilClose(spec: WindowedSpec): Detector["evaluate"] {
  const { frame, matches } = spec;
  return async (event, store) => {
    const tag = matches(event) ? tagOf(spec, event) : null;
    const placed = tag === null ? null : placeEvent(frame, event, tag);
    if (placed) await store.recordUntilClose(frame.keyPrefix, placed.key, placed.entry, frame.windowMs);
    return null;
  };
}

/** Judges one closed window: fires when its figure meets the bounds, else opens the next one. */
async function judgeClosed(spec: WindowedSpec, store: WindowStore, key: string, closesAt: number) {
  const { frame, figure, bounds } = spec;
  const opened = closesAt - frame.windowMs;
  const entries = (await store.entries(key, opened - 1, closesAt)).filter(
    (entry) => entry.ts >= opened && entry.ts < closesAt,
  );
  const measured = figure.measure(entries);
  const group = frame.groupOfKey(key);
  const last = entries[entries.length - 1];
  if (measured && group && last && withinBounds(bounds, measured.value)) {
    const until = closesAt + frame.cooldownMs;
    if (await store.claimFiring(key, last, closesAt, until))
      return firingOf(frame, group, measured.matched, closesAt, group.fields.site_id ?? null);
  }
  await store.reopen(frame.keyPrefix, key, closesAt, frame.windowMs);
  return null;
}

/**
 * Looks, at most once per `CLOSE_CHECK_EVERY_MS` of event time, for the windows that closed by `now`
 * (the event time of the event being evaluated) and judges each: one node takes each closed window.
 */
function closingWindows(spec: WindowedSpec): NonNullable<Detector["closeDue"]> {
  let nextCheck = Number.NEGATIVE_INFINITY;
  return async (now, store) => {
    if (now < nextCheck) return [];
    nextCheck = now + CLOSE_CHECK_EVERY_MS;
    const firings: Firing[] = [];
    for (;;) {
      const closed = await store.takeClosed(spec.frame.keyPrefix, now, CLOSED_BATCH);
      for (const { key, closesAt } of closed) {
        const firing = await judgeClosed(spec, store, key, closesAt);
        if (firing) firings.push(firing);
      }
      if (closed.length < CLOSED_BATCH) return firings;
    }
  };
}

/**
 * The evaluation of a windowed rule: at each event, or, for a figure that only grows held from above
 * (`lt`, `lte`, `eq`, `neq` on a count or a sum), when each group's window closes, `window_seconds`
 * after its first event (docs/adr/0020).
 */
export function windowedEvaluation(spec: WindowedSpec): Pick<Detector, "evaluate" | "closeDue"> {
  if (spec.figure.grows && boundsFromAbove(spec.bounds))
    return { evaluate: recordedUntilClose(spec), closeDue: closingWindows(spec) };
  return { evaluate: judgedAtEachEvent(spec) };
}
