import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { bodyTargets, type FuzzTarget, fuzzTarget, queryTargets } from "./support/fuzz-targets.ts";

// The quick version of the fault suite's fuzz (apps/server/test/faults/fuzz-*.test.ts): a few hundred
// seeded requests per target, enough to catch a new 500 in review; the fault suite sends 20,000.
const PER_TARGET = 200;
const SEED = 18;

describe("fuzzed requests (quick)", () => {
  let t: TestApp;
  let targets: FuzzTarget[];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    // Login fuzzing must reach the handler, not the login rate limit.
    t = await startTestApp({ VIGIE_RATE_LIMIT_AUTH: "1000000", VIGIE_RATE_LIMIT_API: "1000000" });
    targets = [...(await bodyTargets(t)), ...(await queryTargets(t))];
  });
  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await t.close();
  });

  it("covers both ingest APIs, login, rules and the list routes' query parameters", () => {
    const names = targets.map((target) => target.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "AudioSOC batch ingest",
        "rule update",
        "alert bulk triage",
        "GET /api/v1/logs/search",
        "GET /api/v1/alerts/groups",
      ]),
    );
    expect(names.filter((n) => n.startsWith("GET")).length).toBeGreaterThan(8);
  });

  it(`answers ${PER_TARGET} fuzzed requests per target below 500, none hung, no unhandled rejection`, async () => {
    const failures = [];
    for (const [i, target] of targets.entries()) {
      const report = await fuzzTarget(t, target, PER_TARGET, SEED + i);
      failures.push(...report.failures.map((f) => ({ target: target.name, ...f })));
      if (process.env.FUZZ_REPORT) console.log(target.name, JSON.stringify(report.statuses));
    }
    expect(failures).toEqual([]);
    expect(rejections).toEqual([]);
  }, 600_000);
});
