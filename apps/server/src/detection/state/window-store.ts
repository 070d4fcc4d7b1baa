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
    withTagCounts: boolean,
  ): Promise<WindowTally | null>;
  /**
   * The firing gate, atomic: when the key is not cooling down at `end` and its window still holds `entry`
   * (no other evaluation fired on it since `record` read it), starts the cooldown until `until`, clears
   * the window and returns true; otherwise changes nothing and returns false. So two nodes completing
   * the same window raise one firing.
   */
  claimFiring(key: string, entry: WindowEntry, end: number, until: number): Promise<boolean>;
  /**
   * Whether the engine starting now should rebuild the state by replaying stored events: always for a
   * store that starts empty with its process; for a shared store, only for the first engine to find it empty.
   */
  needsReplay(): Promise<boolean>;
}

/** Bounds every window store honours, so memory stays bounded under floods. */
export interface WindowStoreLimits {
  /** Oldest entries beyond this are dropped (default 10,000, the largest rule threshold). */
  maxEntriesPerWindow?: number;
}
