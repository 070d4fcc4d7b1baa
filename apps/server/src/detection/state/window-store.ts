/** One event recorded in a rule's window; `tag` is what the evaluator needs later (a step mask, a distinct value). */
export interface WindowEntry {
  readonly event_id: string;
  /** Event time in epoch milliseconds. */
  readonly ts: number;
  readonly tag?: string;
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
}

/** Bounds every window store honours, so memory stays bounded under floods. */
export interface WindowStoreLimits {
  /** Oldest entries beyond this are dropped (default 10,000, the largest rule threshold). */
  maxEntriesPerWindow?: number;
}
