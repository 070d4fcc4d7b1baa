import type { WindowEntry, WindowTally } from "./window-store.ts";

/** One key's window in memory: entries in (ts, event_id) order, and how many of them carry each tag. */
export interface OrderedWindow {
  entries: WindowEntry[];
  tags: Map<string, number>;
}

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

function countTag(tags: Map<string, number>, tag: string | undefined, delta: number): void {
  if (tag === undefined) return;
  const count = (tags.get(tag) ?? 0) + delta;
  if (count > 0) tags.set(tag, count);
  else tags.delete(tag);
}

/** Puts `entry` in (ts, event_id) order, replacing an entry of the same event. */
export function insertOrdered(window: OrderedWindow, entry: WindowEntry): void {
  const { entries } = window;
  countTag(window.tags, entry.tag, 1);
  const last = entries[entries.length - 1];
  if (!last || last.ts < entry.ts || (last.ts === entry.ts && last.event_id < entry.event_id)) {
    entries.push(entry);
    return;
  }
  const index = upperBound(entries, entry.ts, entry.event_id);
  const previous = entries[index - 1];
  if (previous && previous.ts === entry.ts && previous.event_id === entry.event_id) {
    countTag(window.tags, previous.tag, -1);
    entries[index - 1] = entry;
  } else entries.splice(index, 0, entry);
}

/** Drops the `count` oldest entries. */
export function dropOldest(window: OrderedWindow, count: number): void {
  for (let index = 0; index < count; index++) countTag(window.tags, window.entries[index]!.tag, -1);
  window.entries.splice(0, count);
}

/** Tags of the entries outside [first, last): few, since eviction keeps the window close to the entries. */
function tagsOutside(entries: readonly WindowEntry[], first: number, last: number): Map<string, number> {
  const outside = new Map<string, number>();
  for (let index = 0; index < first; index++) countTag(outside, entries[index]!.tag, 1);
  for (let index = last; index < entries.length; index++) countTag(outside, entries[index]!.tag, 1);
  return outside;
}

/**
 * The tally of the window an entry at `ts` falls in (see `WindowTally`): counts by binary search, tags as
 * the window's running tag counts less those of the entries outside it.
 */
export function tallyWindow(
  window: OrderedWindow,
  ts: number,
  windowMs: number,
  withTagCounts: boolean,
): WindowTally {
  const { entries, tags } = window;
  const newest = entries[upperBound(entries, ts + windowMs - 1) - 1];
  const end = Math.max(ts, newest?.ts ?? ts);
  const first = upperBound(entries, end - windowMs);
  const last = upperBound(entries, end);
  const outside = tagsOutside(entries, first, last);
  let distinctTags = tags.size;
  for (const [tag, count] of outside) if (tags.get(tag) === count) distinctTags--;
  const tally = { end, count: last - first, distinctTags };
  if (!withTagCounts) return tally;
  const tagCounts = new Map<string, number>();
  for (const [tag, count] of tags) {
    const inside = count - (outside.get(tag) ?? 0);
    if (inside > 0) tagCounts.set(tag, inside);
  }
  return { ...tally, tagCounts };
}
