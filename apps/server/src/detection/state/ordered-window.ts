import { numericTag, type TallyOptions, type WindowEntry, type WindowTally } from "./window-store.ts";

/**
 * One key's window in memory: entries in (ts, event_id) order, how many of them carry each tag, and the
 * sum of their numeric tags.
 */
export interface OrderedWindow {
  entries: WindowEntry[];
  tags: Map<string, number>;
  sum: number;
}

/** An empty window. */
export const emptyWindow = (): OrderedWindow => ({ entries: [], tags: new Map(), sum: 0 });

/** Index of the first entry ordered after (ts, eventId); with eventId undefined, after every entry at ts. */
export function upperBound(entries: readonly WindowEntry[], ts: number, eventId?: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const entry = entries[middle]!;
    const after = entry.ts > ts || (entry.ts === ts && eventId !== undefined && entry.event_id > eventId);
    if (after) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Index of the first entry at or after `ts`. */
export function lowerBound(entries: readonly WindowEntry[], ts: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries[middle]!.ts >= ts) high = middle;
    else low = middle + 1;
  }
  return low;
}

function countTag(tags: Map<string, number>, tag: string | undefined, delta: number): void {
  if (tag === undefined) return;
  const count = (tags.get(tag) ?? 0) + delta;
  if (count > 0) tags.set(tag, count);
  else tags.delete(tag);
}

/** Counts an entry in (delta 1) or out of (delta −1) the window's tag counts and sum. */
function account(window: OrderedWindow, tag: string | undefined, delta: number): void {
  countTag(window.tags, tag, delta);
  const value = numericTag(tag);
  if (value !== null) window.sum += delta * value;
}

/** Puts `entry` in (ts, event_id) order, replacing an entry of the same event. */
export function insertOrdered(window: OrderedWindow, entry: WindowEntry): void {
  const { entries } = window;
  account(window, entry.tag, 1);
  const last = entries[entries.length - 1];
  if (!last || last.ts < entry.ts || (last.ts === entry.ts && last.event_id < entry.event_id)) {
    entries.push(entry);
    return;
  }
  const index = upperBound(entries, entry.ts, entry.event_id);
  const previous = entries[index - 1];
  if (previous && previous.ts === entry.ts && previous.event_id === entry.event_id) {
    account(window, previous.tag, -1);
    entries[index - 1] = entry;
  } else entries.splice(index, 0, entry);
}

/** Drops the `count` oldest entries. */
export function dropOldest(window: OrderedWindow, count: number): void {
  for (let index = 0; index < count; index++) account(window, window.entries[index]!.tag, -1);
  window.entries.splice(0, count);
  if (window.entries.length === 0) window.sum = 0;
}

/** Tags of the entries outside [first, last): few, since eviction keeps the window close to the entries. */
function tagsOutside(entries: readonly WindowEntry[], first: number, last: number): Map<string, number> {
  const outside = new Map<string, number>();
  for (let index = 0; index < first; index++) countTag(outside, entries[index]!.tag, 1);
  for (let index = last; index < entries.length; index++) countTag(outside, entries[index]!.tag, 1);
  return outside;
}

/** What the asked-for extras of a tally are, from the window's running counts less those outside it. */
function extras(
  window: OrderedWindow,
  outside: Map<string, number>,
  tag: string | undefined,
  options: TallyOptions,
) {
  const extra: { tagCounts?: Map<string, number>; sum?: number; ownTagCount?: number } = {};
  if (options.tagCounts) {
    extra.tagCounts = new Map();
    for (const [name, count] of window.tags) {
      const inside = count - (outside.get(name) ?? 0);
      if (inside > 0) extra.tagCounts.set(name, inside);
    }
  }
  if (options.sum) {
    let sum = window.sum;
    for (const [name, count] of outside) sum -= (numericTag(name) ?? 0) * count;
    extra.sum = sum;
  }
  if (options.ownTag)
    extra.ownTagCount = tag === undefined ? 0 : (window.tags.get(tag) ?? 0) - (outside.get(tag) ?? 0);
  return extra;
}

/**
 * The tally of the window the entry falls in (see `WindowTally`): counts by binary search, tags and sums
 * as the window's running figures less those of the entries outside it.
 */
export function tallyWindow(
  window: OrderedWindow,
  entry: WindowEntry,
  windowMs: number,
  options: TallyOptions,
): WindowTally {
  const { entries, tags } = window;
  const newest = entries[upperBound(entries, entry.ts + windowMs - 1) - 1];
  const end = Math.max(entry.ts, newest?.ts ?? entry.ts);
  const first = upperBound(entries, end - windowMs);
  const last = upperBound(entries, end);
  const outside = tagsOutside(entries, first, last);
  let distinctTags = tags.size;
  for (const [tag, count] of outside) if (tags.get(tag) === count) distinctTags--;
  return { end, count: last - first, distinctTags, ...extras(window, outside, entry.tag, options) };
}
