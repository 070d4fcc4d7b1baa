import { randomBytes } from "node:crypto";
import pg from "pg";
import { firstStart } from "../../src/bootstrap/first-start.ts";
import { hasRole, loadConfig } from "../../src/config.ts";
import { type AppContext, type ContextOverrides, createContext } from "../../src/container.ts";
import { type App, buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { ADMIN, INGEST_TOKEN } from "./app.ts";

/** Why the multi-node suites may not run here: they need a PostgreSQL and a Redis server. */
export const clusterUnavailable = !process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL;

/** A database created for one test file next to TEST_DATABASE_URL's, shared by every node. */
export async function sharedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `vigie_cluster_${randomBytes(6).toString("hex")}`;
  await adminQuery(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** One Vigie node, listening on a free port, as `main.ts` would start it. */
export interface ClusterNode {
  app: App;
  ctx: AppContext;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a node on the shared database and a Redis key prefix shared by the cluster (unique per test
 * run); every node has the same secret key, so a token from one is valid on all. `overrides` are the
 * context's test seams (e.g. a bus that takes over a dead node's entries sooner).
 */
export async function startNode(
  databaseUrl: string,
  redisPrefix: string,
  env: Record<string, string> = {},
  overrides: ContextOverrides = {},
): Promise<ClusterNode> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL,
    VIGIE_REDIS_PREFIX: redisPrefix,
    VIGIE_SECRET_KEY: "cluster-secret-key-that-is-long-enough-0123456789",
    VIGIE_ADMIN_USERNAME: ADMIN.username,
    VIGIE_ADMIN_PASSWORD: ADMIN.password,
    VIGIE_INGEST_TOKEN: INGEST_TOKEN,
    VIGIE_DATA_DIR: "/tmp/vigie-test-unused",
    VIGIE_ROLES: "api,ingest",
    VIGIE_FIRST_START_PACKS: "off",
    LOG_LEVEL: "silent",
    ...env,
  });
  const ctx = await createContext(config, { logger: createLogger("silent"), ...overrides });
  await firstStart(config, ctx);
  if (hasRole(config, "detect")) await ctx.engine.start();
  const app = await buildApp(ctx);
  const baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    app,
    ctx,
    baseUrl,
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}

/** A fresh key prefix for one test file's cluster. */
export const clusterPrefix = () => `vigie-cluster-${randomBytes(4).toString("hex")}`;

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
