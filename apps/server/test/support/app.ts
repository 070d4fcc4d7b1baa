import type { Role } from "@vigie/contracts";
import type { LightMyRequestResponse } from "fastify";
import { firstStart } from "../../src/bootstrap/first-start.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { type AppContext, createContext } from "../../src/container.ts";
import { type App, buildApp } from "../../src/http/app.ts";
import { hashPassword } from "../../src/modules/auth/passwords.ts";
import type { Clock } from "../../src/platform/clock.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { testDatabase } from "./database.ts";
import { checkAnswersAgainstDocument } from "./documented-answers.ts";

/** Credentials every test app starts with. */
export const ADMIN = { username: "admin", password: "correct-horse-battery" };
export const INGEST_TOKEN = "vgi_test_ingest_token_0123456789";
export const METRICS_TOKEN = "test-metrics-token-0123456789";

/** A running application (not listening: requests go through `app.inject`) on a fresh database. */
export interface TestApp {
  app: App;
  ctx: AppContext;
  /** A JWT for a user of that role (created on first use). */
  tokenFor(role: Role): Promise<string>;
  /** Authorization header for a role. */
  as(role: Role): Promise<{ authorization: string }>;
  ingestHeaders: { authorization: string };
  /** Authorization header of the Prometheus scraper (`VIGIE_METRICS_TOKEN`). */
  metricsHeaders: { authorization: string };
  /** The `/metrics` page, as a scraper reads it. */
  scrape(): Promise<string>;
  /** Ingests events through the public batch endpoint, all of which must be stored; returns their ids. */
  ingest(events: object[]): Promise<string[]>;
  /** One request with the given headers (and JSON body). */
  call(
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    headers: object,
    payload?: object,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Starts the app on a fresh database with known credentials; `env` overrides configuration. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  const config: Config = loadConfig({
    VIGIE_SECRET_KEY: "test-secret-key-that-is-long-enough-0123456789",
    VIGIE_ADMIN_USERNAME: ADMIN.username,
    VIGIE_ADMIN_PASSWORD: ADMIN.password,
    VIGIE_INGEST_TOKEN: INGEST_TOKEN,
    VIGIE_METRICS_TOKEN: METRICS_TOKEN,
    VIGIE_DATA_DIR: "/tmp/vigie-test-unused",
    // The SigmaHQ first-start selection is tested on its own (rule-packs.test.ts); the other files count their own rules.
    VIGIE_FIRST_START_PACKS: "off",
    LOG_LEVEL: "silent",
    ...env,
  });
  const db = await testDatabase({ queryTimeoutMs: config.VIGIE_QUERY_TIMEOUT_SECONDS * 1000 });
  const ctx = await createContext(config, { db, clock: options.clock, logger: createLogger("silent") });
  await firstStart(config, ctx);
  const app = await buildApp(ctx);
  const answers = checkAnswersAgainstDocument(app, config);
  await app.ready();
  const tokens = new Map<Role, string>();
  const tokenFor = async (role: Role) => {
    const cached = tokens.get(role);
    if (cached) return cached;
    const user =
      role === "admin"
        ? (await ctx.users.findByUsername(ADMIN.username))!
        : await ctx.users.create({
            username: `${role}1`,
            email: `${role}1@example.org`,
            passwordHash: await hashPassword("password-123"),
            role,
          });
    const token = await ctx.auth.issue(user);
    tokens.set(role, token);
    return token;
  };
  return {
    app,
    ctx,
    tokenFor,
    as: async (role) => ({ authorization: `Bearer ${await tokenFor(role)}` }),
    ingestHeaders: { authorization: `Bearer ${INGEST_TOKEN}` },
    metricsHeaders: { authorization: `Bearer ${METRICS_TOKEN}` },
    async scrape() {
      const res = await app.inject({
        url: "/metrics",
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}: ${res.body}`);
      return res.body;
    },
    async ingest(events) {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/logs/ingest/batch",
        headers: { authorization: `Bearer ${INGEST_TOKEN}` },
        payload: { events },
      });
      if (res.statusCode !== 201) throw new Error(`ingest answered ${res.statusCode}: ${res.body}`);
      return res.json().ids;
    },
    call: async (method, url, headers, payload) =>
      await app.inject({
        method,
        url,
        headers: headers as Record<string, string>,
        ...(payload ? { payload } : {}),
      }),
    async close() {
      await app.close();
      await ctx.close();
      await db.close();
      // After cleaning up, so a failure here leaves nothing running.
      const undocumented = answers.problems();
      if (undocumented.length)
        throw new Error(`Answers the API reference does not list:\n${undocumented.join("\n")}`);
    },
  };
}
