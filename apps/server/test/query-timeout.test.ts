import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

// Issue 18: one costly search must not hold a connection for minutes. The embedded engine (PGlite) has
// one session and no statement timer (`SET statement_timeout` is accepted and never fires), so this runs
// on PostgreSQL only; docs/OPERATIONS.md says so.
describe.skipIf(!process.env.TEST_DATABASE_URL)("query timeout (PostgreSQL)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_QUERY_TIMEOUT_SECONDS: "1" });
    await t.ingest([
      { source_type: "auth", event_type: "login_failure", site_id: "AUDIO_007", message: "x" },
    ]);
  });
  afterAll(() => t?.close());

  it("stops a search that runs past the timeout, answers 503 saying why, and serves the next one", async () => {
    // A search kept waiting on a lock runs as long as the lock is held: a slow statement on demand.
    const locker = await t.ctx.db.pool.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
      const started = Date.now();
      const answer = await t.call("GET", "/api/v1/logs?q=message:x", await t.as("analyst"));
      const waited = Date.now() - started;
      expect(answer.statusCode).toBe(503);
      expect(answer.headers["retry-after"]).toBe("5");
      expect(answer.json()).toMatchObject({
        error: "ServiceUnavailable",
        message: expect.stringMatching(/too long/),
      });
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(10_000);
    } finally {
      await locker.query("ROLLBACK");
      locker.release();
    }
    const next = await t.call("GET", "/api/v1/logs?q=message:x", await t.as("analyst"));
    expect(next.statusCode).toBe(200);
    expect(next.json().total).toBe(1);
  });

  it("stops a field's top values past the timeout too (the same reads)", async () => {
    const locker = await t.ctx.db.pool.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
      const answer = await t.call("GET", "/api/v1/logs/fields/site_id/top", await t.as("analyst"));
      expect(answer.statusCode).toBe(503);
    } finally {
      await locker.query("ROLLBACK");
      locker.release();
    }
    const next = await t.call("GET", "/api/v1/logs/fields/site_id/top", await t.as("analyst"));
    expect(next.json().values).toEqual([{ value: "AUDIO_007", count: 1 }]);
  });

  it("leaves the statements Vigie runs for itself without that timeout", async () => {
    const { rows } = await t.ctx.db.pool.query("SHOW statement_timeout");
    expect(rows[0].statement_timeout).toBe("0");
    const reads = await t.ctx.db.reads.query("SHOW statement_timeout");
    expect(reads.rows[0].statement_timeout).toBe("1s");
  });
});
