import { MAX_RULE_COUNT } from "@vigie/contracts";
import { ClosingSchedule } from "./closing-schedule.ts";
import {
  dropOldest,
  emptyWindow,
  insertOrdered,
  lowerBound,
  type OrderedWindow,
  tallyWindow,
  upperBound,
} from "./ordered-window.ts";
import {
  type ClosedWindow,
  MAX_SEEN_VALUES,
  type SeenValue,
  type TallyOptions,
  type WindowEntry,
  type WindowStore,
  type WindowStoreLimits,
  type WindowTally,
} from "./window-store.ts";

/** A first-seen set: each member's latest event time, the least recently updated first. */
interface SeenSet {
  since: number;
  readonly members: Map<string, number>;
}

/** Limits of the in-memory store: the per-window cap and how many windows and cooldowns it keeps. */
export interface MemoryWindowStoreLimits extends WindowStoreLimits {
  /** Least recently used windows (and, separately, cooldowns) beyond this are forgotten (default 100,000). */
  maxKeys?: number;
}

/** Sets `key` as the most recently used, dropping the least recently used key past `maxKeys`. */
function touch<V>(map: Map<string, V>, key: string, value: V, maxKeys: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > maxKeys) map.delete(map.keys().next().value!);
}

/**
 * The window store of a single node: windows as ordered arrays with running tag counts and sums, bounded
 * in entries and keys, and the closing schedules of windows judged when they close.
 */
export class MemoryWindowStore implements WindowStore {
  readonly #windows = new Map<string, OrderedWindow>();
  readonly #cooldowns = new Map<string, number>();
  readonly #schedules = new Map<string, ClosingSchedule>();
  readonly #seen = new Map<string, SeenSet>();
  readonly #maxEntries: number;
  readonly #maxKeys: number;
  readonly #maxSeen: number;

  constructor(limits: MemoryWindowStoreLimits = {}) {
    this.#maxEntries = limits.maxEntriesPerWindow ?? MAX_RULE_COUNT;
    this.#maxKeys = limits.maxKeys ?? 100_000;
    this.#maxSeen = limits.maxSeenValues ?? MAX_SEEN_VALUES;
  }

  async addEntry(key: string, entry: WindowEntry, evictBefore: number): Promise<void> {
    const window = this.#windows.get(key) ?? emptyWindow();
    touch(this.#windows, key, window, this.#maxKeys);
    insertOrdered(window, entry);
    const expired = upperBound(window.entries, evictBefore);
    const overflow = window.entries.length - expired - this.#maxEntries;
    const dropped = expired + Math.max(0, overflow);
    if (dropped > 0) dropOldest(window, dropped);
    if (window.entries.length === 0) this.#windows.delete(key);
  }

  async entries(key: string, from: number, to: number): Promise<WindowEntry[]> {
    const entries = this.#windows.get(key)?.entries;
    if (!entries) return [];
    return entries.slice(upperBound(entries, from), upperBound(entries, to));
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
    if (await this.#coolsDown(key, entry.ts)) return null;
    await this.addEntry(key, entry, evictBefore);
    return this.entries(key, from, to);
  }

  async recordAndTally(
    key: string,
    entry: WindowEntry,
    windowMs: number,
    options: TallyOptions = {},
  ): Promise<WindowTally | null> {
    if (await this.#coolsDown(key, entry.ts)) return null;
    await this.addEntry(key, entry, entry.ts - windowMs);
    return tallyWindow(this.#windows.get(key) ?? emptyWindow(), entry, windowMs, options);
  }

  async recordUntilClose(
    schedule: string,
    key: string,
    entry: WindowEntry,
    windowMs: number,
  ): Promise<boolean> {
    if (await this.#coolsDown(key, entry.ts)) return false;
    await this.addEntry(key, entry, Number.NEGATIVE_INFINITY);
    this.#schedule(schedule).open(key, entry.ts + windowMs);
    return true;
  }

  async takeClosed(schedule: string, until: number, limit: number): Promise<ClosedWindow[]> {
    const taken = this.#schedules.get(schedule)?.take(until, limit) ?? [];
    if (this.#schedules.get(schedule)?.size === 0) this.#schedules.delete(schedule);
    return taken;
  }

  async reopen(schedule: string, key: string, closesAt: number, windowMs: number): Promise<void> {
    const window = this.#windows.get(key);
    if (!window) return;
    dropOldest(window, lowerBound(window.entries, closesAt));
    const oldest = window.entries[0];
    if (oldest) this.#schedule(schedule).open(key, oldest.ts + windowMs);
    else this.#windows.delete(key);
  }

  async #coolsDown(key: string, ts: number): Promise<boolean> {
    const cooldownUntil = await this.getCooldownUntil(key);
    return cooldownUntil !== null && ts < cooldownUntil;
  }

  #schedule(name: string): ClosingSchedule {
    let schedule = this.#schedules.get(name);
    if (!schedule) {
      schedule = new ClosingSchedule();
      this.#schedules.set(name, schedule);
    }
    return schedule;
  }

  async claimFiring(key: string, entry: WindowEntry, end: number, until: number): Promise<boolean> {
    if (await this.#coolsDown(key, end)) return false;
    const entries = this.#windows.get(key)?.entries ?? [];
    const held = entries[upperBound(entries, entry.ts, entry.event_id) - 1];
    if (held?.event_id !== entry.event_id || held.ts !== entry.ts) return false;
    await this.setCooldownUntil(key, until);
    await this.clear(key);
    return true;
  }

  async noteSeen(set: string, member: string, ts: number, historyMs: number): Promise<SeenValue> {
    const seen = this.#seen.get(set) ?? { since: ts, members: new Map<string, number>() };
    touch(this.#seen, set, seen, this.#maxKeys);
    seen.since = Math.min(seen.since, ts);
    const { members } = seen;
    const last = members.get(member);
    const expiredAt = ts - historyMs;
    if (last === undefined || last < ts) {
      // Moved to the end: the map stays (about) in order of last sight, oldest first.
      members.delete(member);
      members.set(member, ts);
    }
    for (const [oldest, at] of members) {
      if (at > expiredAt && members.size <= this.#maxSeen) break;
      members.delete(oldest);
    }
    return { isNew: last === undefined || last <= expiredAt, since: seen.since };
  }

  async noteKnownSince(set: string, since: number): Promise<void> {
    const seen = this.#seen.get(set) ?? { since, members: new Map<string, number>() };
    touch(this.#seen, set, seen, this.#maxKeys);
    seen.since = Math.min(seen.since, since);
  }

  /** Always: this store starts empty with its process. */
  async needsReplay(): Promise<boolean> {
    return true;
  }
}
