import { describe, expect, it } from "vitest";
import { BUCKET_SIZES_MS, bucketSizeFor, MAX_BUCKETS } from "./bucket-size.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("histogram bucket size", () => {
  it("gives each preset window round buckets, about sixty of them", () => {
    expect(bucketSizeFor(15 * MINUTE)).toBe(15_000);
    expect(bucketSizeFor(HOUR)).toBe(MINUTE);
    expect(bucketSizeFor(DAY)).toBe(30 * MINUTE);
    expect(bucketSizeFor(7 * DAY)).toBe(3 * HOUR);
    expect(bucketSizeFor(30 * DAY)).toBe(12 * HOUR);
  });

  it("keeps a preset's size when the window arrives a little wider (the request's own delay)", () => {
    expect(bucketSizeFor(HOUR + 250)).toBe(MINUTE);
    expect(bucketSizeFor(15 * MINUTE + 900)).toBe(15_000);
  });

  it("never makes more than the target, and takes the finest size that fits", () => {
    for (const span of [1, 59_000, 61 * MINUTE, 5 * DAY + 7, 400 * DAY]) {
      const size = bucketSizeFor(span);
      const index = BUCKET_SIZES_MS.indexOf(size as (typeof BUCKET_SIZES_MS)[number]);
      if (span / BUCKET_SIZES_MS.at(-1)! <= MAX_BUCKETS) expect(span / size).toBeLessThanOrEqual(MAX_BUCKETS);
      if (index > 0) expect(span / BUCKET_SIZES_MS[index - 1]!).toBeGreaterThan(MAX_BUCKETS);
    }
  });

  it("falls back to the largest size for a window of decades", () => {
    expect(bucketSizeFor(100 * 365 * DAY)).toBe(BUCKET_SIZES_MS.at(-1));
  });
});
