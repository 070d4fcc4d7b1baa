import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Clock } from "../platform/clock.ts";

/** One counted hit: the hits so far in the current window and the milliseconds until it resets. */
export interface RateLimitHit {
  count: number;
  resetMs: number;
}

/**
 * The rate-limit counter port (fixed windows): in-process for one node, Redis when several nodes
 * must share their counters.
 */
export interface RateLimitStore {
  /** Counts one hit on `key`; the window of `windowMs` starts at the key's first hit. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
  close(): Promise<void>;
}

const SWEEP_EVERY_HITS = 1_000;

/** Counters in this process's memory (embedded mode: one node). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private hitsSinceSweep = 0;

  constructor(private readonly clock: Clock) {}

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const now = this.clock.now().getTime();
    if (++this.hitsSinceSweep >= SWEEP_EVERY_HITS) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  // Expired windows would otherwise pile up, one per client IP ever seen.
  private sweep(now: number): void {
    this.hitsSinceSweep = 0;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

// INCR and PEXPIRE in one round trip, atomically: every node sees the same count and window.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

type ScriptedRedis = Redis & { vigieRateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

/** Counters in Redis (scaled mode), shared by every node using the same Redis and key prefix. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly prefix = "vigie:ratelimit:",
    private readonly ownsConnection = true,
  ) {
    // A defined command runs by EVALSHA, so the script is sent once per connection, not per hit.
    if (!("vigieRateLimitHit" in redis))
      redis.defineCommand("vigieRateLimitHit", { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  /**
   * Opens its own connection, keys under `<prefix>:ratelimit:`; a hit fails within about half a
   * second while Redis is unreachable (the limiter then lets requests through).
   */
  static connect(url: string, prefix: string, logger: Logger): RedisRateLimitStore {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 });
    redis.on("error", (error) => logger.warn({ err: error }, "rate-limit Redis connection error"));
    return new RedisRateLimitStore(redis, `${prefix}:ratelimit:`);
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const [count, ttl] = await this.redis.vigieRateLimitHit(this.prefix + key, windowMs);
    return { count, resetMs: ttl };
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
