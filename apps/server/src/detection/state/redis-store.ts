import { MAX_RULE_COUNT, MAX_WINDOW_SECONDS } from "@vigie/contracts";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { WindowEntry, WindowStore, WindowStoreLimits } from "./window-store.ts";

/** How long a window or cooldown outlives its last write: twice the longest window or cooldown (one day). */
export const STATE_TTL_MS = 2 * MAX_WINDOW_SECONDS * 1000;
/** Between the event id and the tag in a sorted-set member (event ids never contain it). */
const TAG_SEPARATOR = "\u001f";
/** While Redis fails, one log line per this period, with the count. */
const REPORT_EVERY_MS = 10_000;

// Scripts run atomically in Redis, so evaluations of one key on several nodes never interleave inside them.
// KEYS[1] is the window (sorted set: score ts, member event id + tag), KEYS[2] the cooldown deadline.
// ARGV: ts, member, evictBefore, cap, ttl.
const ADD = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[4]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
`;
// True when the key cools down at event time ARGV[1].
const COOLING = `
local cooldown = redis.call('GET', KEYS[2])
local cooling = cooldown and tonumber(ARGV[1]) < tonumber(cooldown)
`;
// ARGV 6 and 7: the range read back (from exclusive, to inclusive); nil while cooling down.
const RECORD = `${COOLING}
if cooling then return false end
${ADD}
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[6], ARGV[7], 'WITHSCORES')
`;
// ARGV: end, member, until, ttl. The member is gone when another firing cleared the window after it was read.
const CLAIM = `${COOLING}
if cooling or not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
redis.call('DEL', KEYS[1])
return 1
`;

type ScriptedRedis = Redis & {
  vigieWindowAdd(...args: [string, number, string, number, number, number]): Promise<unknown>;
  vigieWindowRecord(
    ...args: [string, string, number, string, number, number, number, number, number]
  ): Promise<string[] | null>;
  vigieWindowClaim(...args: [string, string, number, string, number, number]): Promise<number>;
};

const memberOf = (entry: WindowEntry) =>
  entry.tag === undefined ? entry.event_id : `${entry.event_id}${TAG_SEPARATOR}${entry.tag}`;

/** Decodes a `WITHSCORES` reply: member, score, member, score… */
function entriesOf(reply: readonly string[]): WindowEntry[] {
  const entries: WindowEntry[] = [];
  for (let index = 0; index < reply.length; index += 2) {
    const member = reply[index]!;
    const ts = Number(reply[index + 1]);
    const at = member.indexOf(TAG_SEPARATOR);
    entries.push(
      at < 0 ? { event_id: member, ts } : { event_id: member.slice(0, at), ts, tag: member.slice(at + 1) },
    );
  }
  return entries;
}

/** Where the store keeps its keys and reports failures. */
export interface RedisWindowStoreOptions extends WindowStoreLimits {
  /** The deployment's key prefix: keys are `<prefix>:detect:…`. */
  prefix: string;
  logger: Logger;
}

/**
 * The window store shared by several `detect` nodes: a sorted set per window, a string per cooldown,
 * each evaluation's write and read and each firing in one Lua script. The engine's calls (`record`,
 * `claimFiring`, `needsReplay`) never reject: while Redis fails they record nothing and fire nothing,
 * and the failures are logged, so an outage never disables rules.
 */
export class RedisWindowStore implements WindowStore {
  readonly #redis: ScriptedRedis;
  readonly #keys: string;
  readonly #cap: number;
  readonly #logger: Logger;
  #failures = 0;
  #reportedAt = 0;

  constructor(
    redis: Redis,
    options: RedisWindowStoreOptions,
    private readonly ownsConnection = false,
  ) {
    // Defined commands run by EVALSHA: each script is sent once per connection.
    redis.defineCommand("vigieWindowAdd", { numberOfKeys: 1, lua: ADD });
    redis.defineCommand("vigieWindowRecord", { numberOfKeys: 2, lua: RECORD });
    redis.defineCommand("vigieWindowClaim", { numberOfKeys: 2, lua: CLAIM });
    this.#redis = redis as ScriptedRedis;
    this.#keys = `${options.prefix}:detect:`;
    this.#cap = options.maxEntriesPerWindow ?? MAX_RULE_COUNT;
    this.#logger = options.logger;
  }

  /** Opens (and later closes) its own connection; a command fails within seconds while Redis is unreachable. */
  static connect(url: string, options: RedisWindowStoreOptions): RedisWindowStore {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2_000 });
    redis.on("error", (error) => options.logger.warn({ err: error }, "window store Redis connection error"));
    return new RedisWindowStore(redis, options, true);
  }

  async addEntry(key: string, entry: WindowEntry, evictBefore: number): Promise<void> {
    await this.#redis.vigieWindowAdd(
      this.#window(key),
      entry.ts,
      memberOf(entry),
      evictBefore,
      this.#cap,
      STATE_TTL_MS,
    );
  }

  async entries(key: string, from: number, to: number): Promise<WindowEntry[]> {
    return entriesOf(await this.#redis.zrangebyscore(this.#window(key), `(${from}`, to, "WITHSCORES"));
  }

  async clear(key: string): Promise<void> {
    await this.#redis.del(this.#window(key));
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
    const window = this.#window(key);
    const reply = await this.#redis
      .vigieWindowRecord(
        window,
        this.#cooldown(key),
        entry.ts,
        memberOf(entry),
        evictBefore,
        this.#cap,
        STATE_TTL_MS,
        from,
        to,
      )
      .catch((error: unknown) => this.#failed("record", error, null));
    return reply && entriesOf(reply);
  }

  async claimFiring(key: string, entry: WindowEntry, end: number, until: number): Promise<boolean> {
    const won = await this.#redis
      .vigieWindowClaim(this.#window(key), this.#cooldown(key), end, memberOf(entry), until, STATE_TTL_MS)
      .catch((error: unknown) => this.#failed("claimFiring", error, 0));
    return won === 1;
  }

  /** True for the first engine to start on an empty store, which marks it: later starts find the state there. */
  async needsReplay(): Promise<boolean> {
    const marked = await this.#redis
      .set(`${this.#keys}replayed`, new Date().toISOString(), "NX")
      .catch((error: unknown) => this.#failed("needsReplay", error, null));
    return marked === "OK";
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
