import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstStart } from "../../src/bootstrap/first-start.ts";
import { loadConfig } from "../../src/config.ts";
import { type AppContext, createContext } from "../../src/container.ts";
import { type App, buildApp } from "../../src/http/app.ts";
import type { Database } from "../../src/platform/db/database.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { ADMIN, INGEST_TOKEN } from "../support/app.ts";
import { testDatabase } from "../support/database.ts";

const redisUrl = process.env.TEST_REDIS_URL;

/** Two nodes of one deployment: the same database, the same Redis (bus and rate-limit counters). */
async function startTwoNodes(prefix: string) {
  const config = loadConfig({
    VIGIE_SECRET_KEY: "test-secret-key-that-is-long-enough-0123456789",
    VIGIE_ADMIN_USERNAME: ADMIN.username,
    VIGIE_ADMIN_PASSWORD: ADMIN.password,
    VIGIE_INGEST_TOKEN: INGEST_TOKEN,
    VIGIE_DATA_DIR: "/tmp/vigie-test-unused",
    REDIS_URL: redisUrl,
    VIGIE_REDIS_PREFIX: prefix,
    LOG_LEVEL: "silent",
  });
  const db = await testDatabase();
  const nodes: { ctx: AppContext; app: App }[] = [];
  for (let i = 0; i < 2; i++) {
    const ctx = await createContext(config, { db, logger: createLogger("silent") });
    if (i === 0) await firstStart(config, ctx);
    const app = await buildApp(ctx);
    await app.ready();
    nodes.push({ ctx, app });
  }
  return { db, nodes };
}

describe.runIf(redisUrl)("two nodes sharing Redis", () => {
  let db: Database;
  let a: App;
  let b: App;
  let nodes: { ctx: AppContext; app: App }[];
  beforeAll(async () => {
    // A prefix unique to this run, so parallel runs on one Redis never share counters.
    ({ db, nodes } = await startTwoNodes(`vigie-test-${randomBytes(6).toString("hex")}`));
    [a, b] = nodes.map((n) => n.app) as [App, App];
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes ?? []) {
      await node.app.close();
      await node.ctx.close();
    }
    await db?.close();
  });

  const login = (app: App, payload: object = { username: "ghost", password: "wrong-password" }) =>
    app.inject({ method: "POST", url: "/api/v1/auth/login", payload, remoteAddress: "198.51.100.77" });

  it("share the sign-in counters: 10 attempts spread over both nodes, the 11th is refused on either", async () => {
    for (let i = 0; i < 10; i++) expect((await login(i % 2 ? b : a)).statusCode).toBe(401);
    const onA = await login(a);
    const onB = await login(b);
    expect(onA.statusCode).toBe(429);
    expect(onB.statusCode).toBe(429);
    expect(onB.json()).toMatchObject({ error: "RateLimitExceeded", retry_after: expect.any(Number) });
  });

  it("a deactivation on one node stops the user's token on the other before its cache would expire", async () => {
    const admin = (await a.inject({ method: "POST", url: "/api/v1/auth/login", payload: ADMIN })).json()
      .access_token;
    const auth = { authorization: `Bearer ${admin}` };
    const created = await a.inject({
      method: "POST",
      url: "/api/v1/admin/users",
      headers: auth,
      payload: {
        username: "roamer",
        email: "roamer@example.org",
        password: "Roaming-Analyst-55",
        role: "analyst",
      },
    });
    const token = (
      await b.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "roamer", password: "Roaming-Analyst-55" },
      })
    ).json().access_token;
    const meOnB = () => b.inject({ url: "/api/v1/auth/me", headers: { authorization: `Bearer ${token}` } });
    expect((await meOnB()).statusCode).toBe(200);
    const cachedAt = Date.now();
    await a.inject({
      method: "POST",
      url: `/api/v1/admin/users/${created.json().id}/deactivate`,
      headers: auth,
    });
    await expect.poll(async () => (await meOnB()).statusCode, { interval: 25, timeout: 1_500 }).toBe(401);
    // Node B's cache keeps a user 2 s: refusing sooner proves the bus message reached it.
    expect(Date.now() - cachedAt).toBeLessThan(2_000);
  });
});

describe.skipIf(redisUrl)("two nodes sharing Redis", () => {
  it.skip("needs TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to start two nodes on one Redis", () =>
    undefined);
});
