import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { firstStart } from "../src/bootstrap/first-start.ts";
import { loadConfig } from "../src/config.ts";
import { type AppContext, createContext } from "../src/container.ts";
import { startActionWorker } from "../src/detection/actions/worker.ts";
import { ALERT_ACTIONS_QUEUE } from "../src/modules/alerts/alerts.service.ts";
import { ADMIN } from "./support/app.ts";
import { sharedDatabase } from "./support/cluster.ts";

/** Errors the nodes logged: a failure at start may be logged and swallowed (the engine's readiness). */
const loggedErrors: string[] = [];
const logger = pino({ level: "error" }, { write: (line: string) => void loggedErrors.push(line) });

/** Starts a node on `url` the way `main.ts` does, every role but HTTP. */
async function startAllRoles(url: string): Promise<AppContext> {
  const config = loadConfig({
    DATABASE_URL: url,
    VIGIE_SECRET_KEY: "cluster-secret-key-that-is-long-enough-0123456789",
    VIGIE_ADMIN_USERNAME: ADMIN.username,
    VIGIE_ADMIN_PASSWORD: ADMIN.password,
    VIGIE_DATA_DIR: "/tmp/vigie-test-unused",
    LOG_LEVEL: "silent",
  });
  const ctx = await createContext(config, { logger });
  await firstStart(config, ctx);
  await ctx.engine.start();
  await startActionWorker(ctx);
  return ctx;
}

// Concurrent first starts need a PostgreSQL server (the embedded engine serves one process): skipped without TEST_DATABASE_URL.
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "two nodes starting at once on an empty PostgreSQL database (skipped: set TEST_DATABASE_URL)",
  () => {
    const contexts: AppContext[] = [];
    let db: Awaited<ReturnType<typeof sharedDatabase>> | undefined;
    afterAll(async () => {
      for (const ctx of contexts) await ctx.close();
      await db?.drop();
    });

    it("both start: migrations, first start and the job queue's schema are each made once", async () => {
      db = await sharedDatabase();
      const started = await Promise.allSettled([startAllRoles(db.url), startAllRoles(db.url)]);
      for (const outcome of started) if (outcome.status === "fulfilled") contexts.push(outcome.value);
      expect(
        started.map((outcome) => (outcome.status === "rejected" ? String(outcome.reason) : "ok")),
      ).toEqual(["ok", "ok"]);
      expect(loggedErrors).toEqual([]);
      const [a] = contexts;
      expect(await a!.users.count()).toBe(1);
      // The SigmaHQ first-start selection is installed once, by the node that bootstrapped.
      const sigma = await a!.db.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM rules WHERE sigma ->> 'id' IS NOT NULL AND enabled",
      );
      expect(sigma.rows[0]!.n).toBeGreaterThan(50);
      const queues = await a!.db.pool.query("SELECT name FROM pgboss.queue WHERE name = $1", [
        ALERT_ACTIONS_QUEUE,
      ]);
      expect(queues.rows).toHaveLength(1);
    });
  },
);
