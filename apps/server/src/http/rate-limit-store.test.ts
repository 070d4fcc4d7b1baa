import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { describe, it } from "vitest";
import { ManualClock } from "../platform/clock.ts";
import { rateLimitStoreSuite } from "./rate-limit-store.suite.ts";
import { MemoryRateLimitStore, RedisRateLimitStore } from "./rate-limit-store.ts";

rateLimitStoreSuite("memory", async () => {
  const clock = new ManualClock();
  return { store: new MemoryRateLimitStore(clock), elapse: async (ms) => clock.advance(ms) };
});

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  rateLimitStoreSuite("redis", async () => {
    // A prefix unique to this run: parallel runs on the same Redis never see each other's counters.
    const prefix = `vigie-test:${randomBytes(6).toString("hex")}:`;
    return {
      store: new RedisRateLimitStore(new Redis(redisUrl), prefix),
      elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
  });
} else {
  describe("RateLimitStore: redis", () => {
    it.skip("needs TEST_REDIS_URL (a Redis to run the shared suite against)", () => undefined);
  });
}
