import { MAX_RULE_COUNT } from "@vigie/contracts";
import type { WindowEntry, WindowStore, WindowStoreLimits } from "./window-store.ts";

/** Limits of the in-memory store: the per-window cap and how many windows and cooldowns it keeps. */
export interface MemoryWindowStoreLimits extends WindowStoreLimits {
  /** Least recently used windows (and, separately, cooldowns) beyond this are forgotten (default 100,000). */
  maxKeys?: number;
}

/** Index of the first entry ordered after (ts, eventId); with eventId undefined, after every entry at ts. */
function upperBound(window: readonly WindowEntry[], ts: number, eventId?: string): number {
  let low = 0;
  let high = window.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const entry = window[middle]!;
    const after = entry.ts > ts || (entry.ts === ts && eventId !== undefined && entry.event_id > eventId);
    if (after) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Puts `entry` in (ts, event_id) order, replacing an entry of the same event. */
function insertOrdered(window: WindowEntry[], entry: WindowEntry): void {
  const last = window[window.length - 1];
  if (!last || last.ts < entry.ts || (last.ts === entry.ts && last.event_id < entry.event_id)) {
    window.push(entry);
    return;
  }
  const index = upperBound(window, entry.ts, entry.event_id);
  const previous = window[index - 1];
  if (previous && previous.ts === entry.ts && previous.event_id === entry.event_id) window[index - 1] = entry;
  else window.splice(index, 0, entry);
}

/** Sets `key` as the most recently used, dropping the least recently used key past `maxKeys`. */
function touch<V>(map: Map<string, V>, key: string, value: V, maxKeys: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > maxKeys) map.delete(map.keys().next().value!);
}

/** The window store of a single node: windows as ordered arrays, bounded in entries and keys. */
export class MemoryWindowStore implements WindowStore {
  readonly #windows = new Map<string, WindowEntry[]>();
  readonly #cooldowns = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #maxKeys: number;

  constructor(limits: MemoryWindowStoreLimits = {}) {
    this.#maxEntries = limits.maxEntriesPerWindow ?? MAX_RULE_COUNT;
    this.#maxKeys = limits.maxKeys ?? 100_000;
  }

  async addEntry(key: string, entry: WindowEntry, evictBefore: number): Promise<void> {
    const window = this.#windows.get(key) ?? [];
    touch(this.#windows, key, window, this.#maxKeys);
    insertOrdered(window, entry);
    const expired = upperBound(window, evictBefore);
    const overflow = window.length - expired - this.#maxEntries;
    const dropped = expired + Math.max(0, overflow);
    if (dropped > 0) window.splice(0, dropped);
    if (window.length === 0) this.#windows.delete(key);
  }

  async entries(key: string, from: number, to: number): Promise<WindowEntry[]> {
    const window = this.#windows.get(key);
    if (!window) return [];
    return window.slice(upperBound(window, from), upperBound(window, to));
  }

  async clear(key: string): Promise<void> {
    this.#windows.delete(key);
  }

  async getCooldownUntil(key: string): Promise<number | null> {
    return this.#cooldowns.get(key) ?? null;
  }

  async setCooldownUntil(key: string, until: number): Promise<void> {
    touch(this.#cooldowns, key, until, this.#maxKeys);
  }

  async record(
    key: string,
    entry: WindowEntry,
    evictBefore: number,
    from: number,
    to: number,
  ): Promise<WindowEntry[] | null> {
    const cooldownUntil = await this.getCooldownUntil(key);
    if (cooldownUntil !== null && entry.ts < cooldownUntil) return null;
    await this.addEntry(key, entry, evictBefore);
    return this.entries(key, from, to);
  }

  async claimFiring(key: string, entry: WindowEntry, end: number, until: number): Promise<boolean> {
    const cooldownUntil = await this.getCooldownUntil(key);
    if (cooldownUntil !== null && end < cooldownUntil) return false;
    const window = this.#windows.get(key) ?? [];
    const held = window[upperBound(window, entry.ts, entry.event_id) - 1];
    if (held?.event_id !== entry.event_id || held.ts !== entry.ts) return false;
    await this.setCooldownUntil(key, until);
    await this.clear(key);
    return true;
  }

  /** Always: this store starts empty with its process. */
  async needsReplay(): Promise<boolean> {
    return true;
  }
}
