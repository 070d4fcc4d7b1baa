import { MAX_RULE_COUNT, MAX_WINDOW_SECONDS } from "@vigie/contracts";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { entriesOf, memberOf, tallyOf, wantsOf } from "./redis-replies.ts";
import {
  ADD,
  CLAIM,
  NOTE_KNOWN_SINCE,
  NOTE_SEEN,
  RECORD,
  RECORD_UNTIL_CLOSE,
  REOPEN,
  TAKE_CLOSED,
  TALLY,
} from "./redis-scripts.ts";
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

/** How long a window or cooldown outlives its last write: twice the longest window or cooldown (one day). */
export const STATE_TTL_MS = 2 * MAX_WINDOW_SECONDS * 1000;
/** While Redis fails, one log line per this period, with the count. */
const REPORT_EVERY_MS = 10_000;

/** The four keys of a (rule version, group) key: window, cooldown, tag counts and sum. */
type StateKeys = [string, string, string, string];
/** What every script that adds an entry starts with: the keys, the entry, the eviction bound, cap and TTL. */
type AddArgs = [...StateKeys, number, string, number | string, number, number];

type ScriptedRedis = Redis & {
  vigieWindowAdd(...args: AddArgs): Promise<unknown>;
  vigieWindowRecord(...args: [...AddArgs, number, number]): Promise<string[] | null>;
  vigieWindowTally(...args: [...AddArgs, number, string]): Promise<(number | string)[] | null>;
  vigieWindowClaim(...args: [...StateKeys, number, string, number, number]): Promise<number>;
  vigieWindowUntilClose(
    ...args: [...StateKeys, string, number, string, string, number, number, number, string]
  ): Promise<number>;
  vigieWindowTakeClosed(schedule: string, until: number, limit: number): Promise<string[]>;
  vigieWindowReopen(...args: [...StateKeys, string, number, number, string, number]): Promise<unknown>;
  vigieNoteSeen(
    set: string,
    since: string,
    ts: number,
    member: string,
    historyMs: number,
    cap: number,
    ttl: number,
  ): Promise<[number, string]>;
  vigieNoteKnownSince(since: string, at: number, ttl: number): Promise<unknown>;
};

/** Where the store keeps its keys and reports failures. */
export interface RedisWindowStoreOptions extends WindowStoreLimits {
  /** The deployment's key prefix: keys are `<prefix>:detect:…`. */
  prefix: string;
  logger: Logger;
}

/**
 * The window store shared by several `detect` nodes: a sorted set per window, a string per cooldown,
 * a schedule per rule version of the windows judged when they close, each evaluation's write and read
 * and each firing in one Lua script. The engine's calls (`record`, `recordAndTally`, `recordUntilClose`,
 * `takeClosed`, `reopen`, `claimFiring`, `needsReplay`) never reject: while Redis fails they record
 * nothing and fire nothing, and the failures are logged, so an outage never disables rules.
 */
export class RedisWindowStore implements WindowStore {
  readonly #redis: ScriptedRedis;
  readonly #keys: string;
  readonly #cap: number;
  readonly #seenCap: number;
  readonly #logger: Logger;
  #failures = 0;
  #reportedAt = 0;

  constructor(
    redis: Redis,
    options: RedisWindowStoreOptions,
    private readonly ownsConnection = false,
  ) {
    // Defined commands run by EVALSHA: each script is sent once per connection.
    redis.defineCommand("vigieWindowAdd", { numberOfKeys: 4, lua: ADD });
    redis.defineCommand("vigieWindowRecord", { numberOfKeys: 4, lua: RECORD });
    redis.defineCommand("vigieWindowTally", { numberOfKeys: 4, lua: TALLY });
    redis.defineCommand("vigieWindowClaim", { numberOfKeys: 4, lua: CLAIM });
    redis.defineCommand("vigieWindowUntilClose", { numberOfKeys: 5, lua: RECORD_UNTIL_CLOSE });
    redis.defineCommand("vigieWindowTakeClosed", { numberOfKeys: 1, lua: TAKE_CLOSED });
    redis.defineCommand("vigieWindowReopen", { numberOfKeys: 5, lua: REOPEN });
    redis.defineCommand("vigieNoteSeen", { numberOfKeys: 2, lua: NOTE_SEEN });
    redis.defineCommand("vigieNoteKnownSince", { numberOfKeys: 1, lua: NOTE_KNOWN_SINCE });
    this.#redis = redis as ScriptedRedis;
    this.#keys = `${options.prefix}:detect:`;
    this.#cap = options.maxEntriesPerWindow ?? MAX_RULE_COUNT;
    this.#seenCap = options.maxSeenValues ?? MAX_SEEN_VALUES;
    this.#logger = options.logger;
  }

  /** Opens (and later closes) its own connection; a command fails within seconds while Redis is unreachable. */
  static connect(url: string, options: RedisWindowStoreOptions): RedisWindowStore {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2_000 });
    redis.on("error", (error) => options.logger.warn({ err: error }, "window store Redis connection error"));
    return new RedisWindowStore(redis, options, true);
  }

  async addEntry(key: string, entry: WindowEntry, evictBefore: number): Promise<void> {
    await this.#redis.vigieWindowAdd(...this.#addArgs(key, entry, evictBefore));
  }

  async entries(key: string, from: number, to: number): Promise<WindowEntry[]> {
    return entriesOf(await this.#redis.zrangebyscore(this.#window(key), `(${from}`, to, "WITHSCORES"));
  }

  async clear(key: string): Promise<void> {
    const [window, , tags, sum] = this.#stateKeys(key);
    await this.#redis.del(window, tags, sum);
  }

  async getCooldownUntil(key: string): Promise<number | null> {
    const until = await this.#redis.get(this.#cooldown(key));
    return until === null ? null : Number(until);
  }

  async setCooldownUntil(key: string, until: number): Promise<void> {
    await this.#redis.set(this.#cooldown(key), until, "PX", STATE_TTL_MS);
  }

  async record(
    key: string,
    entry: WindowEntry,
    evictBefore: number,
    from: number,
    to: number,
  ): Promise<WindowEntry[] | null> {
    const reply = await this.#redis
      .vigieWindowRecord(...this.#addArgs(key, entry, evictBefore), from, to)
      .catch((error: unknown) => this.#failed("record", error, null));
    return reply && entriesOf(reply);
  }

  async recordAndTally(
    key: string,
    entry: WindowEntry,
    windowMs: number,
    options: TallyOptions = {},
  ): Promise<WindowTally | null> {
    const reply = await this.#redis
      .vigieWindowTally(...this.#addArgs(key, entry, entry.ts - windowMs), windowMs, wantsOf(options))
      .catch((error: unknown) => this.#failed("recordAndTally", error, null));
    return reply && tallyOf(reply, options);
  }

  async claimFiring(key: string, entry: WindowEntry, end: number, until: number): Promise<boolean> {
    const won = await this.#redis
      .vigieWindowClaim(...this.#stateKeys(key), end, memberOf(entry), until, STATE_TTL_MS)
      .catch((error: unknown) => this.#failed("claimFiring", error, 0));
    return won === 1;
  }

  async recordUntilClose(
    schedule: string,
    key: string,
    entry: WindowEntry,
    windowMs: number,
  ): Promise<boolean> {
    const recorded = await this.#redis
      .vigieWindowUntilClose(
        ...this.#stateKeys(key),
        this.#schedule(schedule),
        entry.ts,
        memberOf(entry),
        "-inf",
        this.#cap,
        STATE_TTL_MS,
        entry.ts + windowMs,
        key,
      )
      .catch((error: unknown) => this.#failed("recordUntilClose", error, 0));
    return recorded === 1;
  }

  async takeClosed(schedule: string, until: number, limit: number): Promise<ClosedWindow[]> {
    const reply = await this.#redis
      .vigieWindowTakeClosed(this.#schedule(schedule), until, limit)
      .catch((error: unknown) => this.#failed("takeClosed", error, [] as string[]));
    const closed: ClosedWindow[] = [];
    for (let index = 0; index < reply.length; index += 2)
      closed.push({ key: reply[index]!, closesAt: Number(reply[index + 1]) });
    return closed;
  }

  async reopen(schedule: string, key: string, closesAt: number, windowMs: number): Promise<void> {
    await this.#redis
      .vigieWindowReopen(
        ...this.#stateKeys(key),
        this.#schedule(schedule),
        closesAt,
        windowMs,
        key,
        STATE_TTL_MS,
      )
      .catch((error: unknown) => this.#failed("reopen", error, null));
  }

  /** True for the first engine to start on an empty store, which marks it: later starts find the state there. */
  async needsReplay(): Promise<boolean> {
    const marked = await this.#redis
      .set(`${this.#keys}replayed`, new Date().toISOString(), "NX")
      .catch((error: unknown) => this.#failed("needsReplay", error, null));
    return marked === "OK";
  }

  /** A first-seen set outlives its history by the state TTL; its `since` lives as long. */
  async noteSeen(set: string, member: string, ts: number, historyMs: number): Promise<SeenValue | null> {
    const reply = await this.#redis
      .vigieNoteSeen(
        `${this.#keys}seen:${set}`,
        `${this.#keys}seen-since:${set}`,
        ts,
        member,
        historyMs,
        this.#seenCap,
        historyMs + STATE_TTL_MS,
      )
      .catch((error: unknown) => this.#failed("noteSeen", error, null));
    return reply && { isNew: reply[0] === 1, since: Number(reply[1]) };
  }

  async noteKnownSince(set: string, since: number, historyMs: number): Promise<void> {
    await this.#redis
      .vigieNoteKnownSince(`${this.#keys}seen-since:${set}`, since, historyMs + STATE_TTL_MS)
      .catch((error: unknown) => this.#failed("noteKnownSince", error, null));
  }

  /** Closes the connection it opened. */
  async close(): Promise<void> {
    if (this.ownsConnection) await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  #window(key: string): string {
    return `${this.#keys}window:${key}`;
  }

  #cooldown(key: string): string {
    return `${this.#keys}cooldown:${key}`;
  }

  #stateKeys(key: string): StateKeys {
    return [this.#window(key), this.#cooldown(key), `${this.#keys}tags:${key}`, `${this.#keys}sum:${key}`];
  }

  #schedule(name: string): string {
    return `${this.#keys}closing:${name}`;
  }

  #addArgs(key: string, entry: WindowEntry, evictBefore: number | string): AddArgs {
    return [...this.#stateKeys(key), entry.ts, memberOf(entry), evictBefore, this.#cap, STATE_TTL_MS];
  }

  #failed<T>(operation: string, error: unknown, fallback: T): T {
    this.#failures++;
    const now = Date.now();
    if (now - this.#reportedAt >= REPORT_EVERY_MS) {
      this.#reportedAt = now;
      this.#logger.error(
        { err: error, operation, failures: this.#failures },
        "detection state store failed: events not evaluated",
      );
      this.#failures = 0;
    }
    return fallback;
  }
}
