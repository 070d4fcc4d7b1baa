import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSearchIndexer } from "../../../src/ingest/search-indexer.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { bodyTargets, type FuzzTarget, fuzzTarget, queryTargets } from "../../support/fuzz-targets.ts";
import { canRunPostgres, type PrivatePostgres, startPrivatePostgres } from "./private-postgres.ts";

// Issue 18: 20,000 fuzzed requests per target (both ingest APIs single and batch, login, rule create
// and update, every GET route's query and path parameters): 0 answers ≥ 500, 0 hung, 0 unhandled
// rejections. FUZZ_PER_TARGET and FUZZ_SEED replay a smaller or another run.
const PER_TARGET = Number(process.env.FUZZ_PER_TARGET ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 2026);
const IN_FLIGHT = 8;
// Test names are fixed when the file is collected, before the app exists to list its routes: slots for
// that many targets, and a test that fails when the routes outgrow them (44 targets on 2026-12-04).
const SLOTS = 64;

/**
 * The fuzz of one shard: the targets whose position modulo `shards` is `shard`, each with its own seed
 * (`FUZZ_SEED` + its position), so a shard's run is the same whatever the number of shards. Each shard
 * file runs in its own process with its own PostgreSQL cluster: a fuzz is bound by one core (requests
 * are injected into the app in-process), so shards in parallel use every core.
 *
 * On a private PostgreSQL cluster (the COPY path and the real server's text rules); embedded when this
 * machine has no PostgreSQL binaries, so the fuzz still runs.
 */
export const fuzzSuite = (shard: number, shards: number) =>
  describe(`fuzzed requests (20,000 per target), shard ${shard + 1} of ${shards}`, () => {
    let postgres: PrivatePostgres | null = null;
    let t: TestApp;
    // A real node's worker role indexes what ingest stores; without it every free-text query would read
    // the whole unindexed backlog (about 100,000 fuzzed events) and the query targets would take an hour.
    let indexer: { stop(): Promise<void> } | undefined;
    const targets: FuzzTarget[] = [];
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    beforeAll(async () => {
      process.on("unhandledRejection", onRejection);
      if (canRunPostgres()) {
        postgres = await startPrivatePostgres();
        process.env.TEST_DATABASE_URL = postgres.url;
      } else {
        delete process.env.TEST_DATABASE_URL;
      }
      t = await startTestApp({ VIGIE_RATE_LIMIT_AUTH: "1000000", VIGIE_RATE_LIMIT_API: "1000000" });
      indexer = startSearchIndexer(t.ctx);
      targets.push(...(await bodyTargets(t)), ...(await queryTargets(t)));
    });
    afterAll(async () => {
      process.off("unhandledRejection", onRejection);
      await indexer?.stop();
      await t?.close();
      await postgres?.close();
    });

    it("has every target", () => {
      expect(targets.length).toBeGreaterThan(20);
      expect(targets.length, "more targets than SLOTS: raise it").toBeLessThanOrEqual(SLOTS);
    });

    // One test per target, so a failure names it; the index is the target's position in the list.
    it.for(Array.from({ length: SLOTS }, (_, i) => i).filter((i) => i % shards === shard))(
      "target #%i",
      { timeout: 3_600_000 },
      async (i, { skip }) => {
        const target = targets[i];
        // A slot past the routes' targets: reported as skipped, not as a pass.
        if (!target) return skip(`no target #${i}: the routes make ${targets.length}`);
        const report = await fuzzTarget(t, target, PER_TARGET, SEED + i, IN_FLIGHT);
        expect({ target: target.name, failures: report.failures }).toEqual({
          target: target.name,
          failures: [],
        });
        expect(rejections).toEqual([]);
      },
    );
  });
