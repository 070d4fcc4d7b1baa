import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RateLimitStore } from "./rate-limit-store.ts";

/** A store under test, and how to let time pass for it. */
export interface StoreFixture {
  store: RateLimitStore;
  /** Lets `ms` pass (a manual clock, or real time for Redis). */
  elapse(ms: number): Promise<void>;
}

/** The behaviour every RateLimitStore adapter must have. */
export function rateLimitStoreSuite(name: string, open: () => Promise<StoreFixture>): void {
  describe(`RateLimitStore: ${name}`, () => {
    let f: StoreFixture;
    beforeAll(async () => {
      f = await open();
    });
    afterAll(() => f.store.close());

    it("counts hits per key, each key on its own", async () => {
      expect((await f.store.hit("a", 60_000)).count).toBe(1);
      expect((await f.store.hit("a", 60_000)).count).toBe(2);
      expect((await f.store.hit("b", 60_000)).count).toBe(1);
      expect((await f.store.hit("a", 60_000)).count).toBe(3);
    });

    it("reports the time left in the window, at most the window", async () => {
      const first = await f.store.hit("ttl", 60_000);
      expect(first.resetMs).toBeGreaterThan(55_000);
      expect(first.resetMs).toBeLessThanOrEqual(60_000);
    });

    it("starts a new window once the old one has elapsed", async () => {
      await f.store.hit("short", 300);
      expect((await f.store.hit("short", 300)).count).toBe(2);
      await f.elapse(350);
      const next = await f.store.hit("short", 300);
      expect(next.count).toBe(1);
      expect(next.resetMs).toBeGreaterThan(0);
    });

    it("counts concurrent hits exactly once each", async () => {
      const hits = await Promise.all(Array.from({ length: 40 }, () => f.store.hit("burst", 60_000)));
      expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
    });
  });
}
