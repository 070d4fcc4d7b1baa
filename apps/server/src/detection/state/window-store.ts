/** One event recorded in a rule's window; `tag` is what the evaluator needs later (a step mask, a distinct value). */
export interface WindowEntry {
  readonly event_id: string;
  /** Event time in epoch milliseconds. */
  readonly ts: number;
  readonly tag?: string;
}

/**
 * What an evaluation needs to know of the window an entry falls in, without reading its entries: the
 * window ends at `end`, the newest entry less than one window after the recorded one (or the recorded
 * one), and holds the entries with end − window < ts ≤ end.
 */
export interface WindowTally {
  readonly end: number;
  /** Entries in the window. */
  readonly count: number;
  /** Distinct tags among them (untagged entries are not counted). */
  readonly distinctTags: number;
  /** How many of them carry each tag, when asked for (meant for few distinct tags, such as step masks). */
  readonly tagCounts?: ReadonlyMap<string, number>;
  /** The sum of their numeric tags (see `numericTag`), when asked for. */
  readonly sum?: number;
  /** How many of them carry the recorded entry's tag, when asked for. */
  readonly ownTagCount?: number;
}

/** What a tally adds to the counts, each only when asked for (each costs a little more). */
export interface TallyOptions {
  tagCounts?: boolean;
  sum?: boolean;
  ownTag?: boolean;
}

/** A window of a closing schedule whose end has come: its key and the event time it closed at. */
export interface ClosedWindow {
  readonly key: string;
  readonly closesAt: number;
}

/** What a first-seen set answers when a value is noted (`WindowStore.noteSeen`). */
export interface SeenValue {
  /** The value was not seen in the set during the history before its event time: this caller claims it. */
  readonly isNew: boolean;
  /** Event time of the oldest event the set learnt from: its learning period starts there. */
  readonly since: number;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * The number a tag stands for when it is written as a plain decimal (`42`, `-1.5`), else null. Sums count
 * these tags only, and both adapters read them alike (the Redis scripts use the same pattern).
 */
export function numericTag(tag: string | undefined): number | null {
  return tag !== undefined && DECIMAL.test(tag) ? Number(tag) : null;
}

/**
 * The detection state of every (rule version, group) key: a window of entries ordered by (ts, event_id)
 * and a cooldown deadline. Shaped for a Redis sorted set (score ts, member event_id + tag) as well as
 * memory. Times are event times in epoch milliseconds, never the wall clock.
 */
export interface WindowStore {
  /**
   * Adds an entry (an entry with the same event_id and ts replaces it), then drops the key's entries with
   * ts ≤ `evictBefore` and, past the store's cap, the oldest ones.
   */
  addEntry(key: string, entry: WindowEntry, evictBefore: number): Promise<void>;
  /** The key's entries with `from` < ts ≤ `to`, ordered by (ts, event_id). */
  entries(key: string, from: number, to: number): Promise<WindowEntry[]>;
  /** Forgets the key's window (not its cooldown). */
  clear(key: string): Promise<void>;
  /** The event time before which the key may not fire again, or null. */
  getCooldownUntil(key: string): Promise<number | null>;
  setCooldownUntil(key: string, until: number): Promise<void>;
  /**
   * One evaluation's write and read, as one atomic step for a store shared by several nodes: unless the
   * key cools down at `entry.ts`, adds the entry as `addEntry` does and returns the key's entries with
   * `from` < ts ≤ `to`; null, recording nothing, while the key cools down. The evaluators use
   * `recordAndTally` instead (its cost does not grow with the window); this is the reference it is tested
   * against (window-tally.suite.ts).
   */
  record(
    key: string,
    entry: WindowEntry,
    evictBefore: number,
    from: number,
    to: number,
  ): Promise<WindowEntry[] | null>;
  /**
   * The evaluation's write and what it needs to read, as one atomic step costing O(log n) (plus the few
   * entries outside the window): unless the key cools down at `entry.ts`, records the entry as `record`
   * does with evictBefore = entry.ts − windowMs and returns the tally of its window; null while cooling.
   */
  recordAndTally(
    key: string,
    entry: WindowEntry,
    windowMs: number,
    options?: TallyOptions,
  ): Promise<WindowTally | null>;
  /**
   * The firing gate, atomic: when the key is not cooling down at `end` and its window still holds `entry`
   * (no other evaluation fired on it since `record` read it), starts the cooldown until `until`, clears
   * the window and returns true; otherwise changes nothing and returns false. So two nodes completing
   * the same window raise one firing.
   */
  claimFiring(key: string, entry: WindowEntry, end: number, until: number): Promise<boolean>;
  /**
   * For windows judged when they close rather than at each entry: unless the key cools down at
   * `entry.ts`, adds the entry without evicting anything (closing trims the window) and, when the key has
   * no window open in `schedule`, opens one that closes at entry.ts + windowMs. False while cooling.
   */
  recordUntilClose(schedule: string, key: string, entry: WindowEntry, windowMs: number): Promise<boolean>;
  /**
   * Hands over the windows of `schedule` that close at or before `until`, earliest first, at most `limit`:
   * each is removed from the schedule as it is taken, so one caller (one node) judges it.
   */
  takeClosed(schedule: string, until: number, limit: number): Promise<ClosedWindow[]>;
  /**
   * After a closed window was judged without firing: drops the key's entries before `closesAt` and, when
   * entries remain, opens the next window at the oldest of them.
   */
  reopen(schedule: string, key: string, closesAt: number, windowMs: number): Promise<void>;
  /**
   * Whether the engine starting now should rebuild the state by replaying stored events: always for a
   * store that starts empty with its process; for a shared store, only for the first engine to find it empty.
   */
  needsReplay(): Promise<boolean>;
  /**
   * First-seen sets (one per first-seen rule version, docs/adr/0029), as one atomic step: notes that
   * `member` was seen at event time `ts`, keeping its latest time; answers whether it is new (never seen,
   * or last seen at or before ts − historyMs) and the set's `since` (the earliest `ts` noted). Forgets
   * members last seen at or before ts − historyMs and, past the store's cap, the least recently seen. Of
   * several nodes noting the same member at once, exactly one is told it is new. Null when the store
   * failed (nothing noted).
   */
  noteSeen(set: string, member: string, ts: number, historyMs: number): Promise<SeenValue | null>;
  /**
   * Moves a first-seen set's `since` back to `since` (never forward): its values are known from then on,
   * because the stored events it learnt from reach back that far.
   */
  noteKnownSince(set: string, since: number, historyMs: number): Promise<void>;
}

/** Bounds every window store honours, so memory stays bounded under floods. */
export interface WindowStoreLimits {
  /** Oldest entries beyond this are dropped (default 10,000, the largest rule threshold). */
  maxEntriesPerWindow?: number;
  /** Least recently seen values of a first-seen set beyond this are forgotten (default `MAX_SEEN_VALUES`). */
  maxSeenValues?: number;
}

/**
 * Most values a first-seen set remembers (per rule version): about 10 MB in memory, or in Redis, at most.
 * A forgotten value that comes back is new again (one more alert).
 */
export const MAX_SEEN_VALUES = 100_000;
