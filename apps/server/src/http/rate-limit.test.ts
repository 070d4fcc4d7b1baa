import Fastify from "fastify";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../platform/logger.ts";
import { installAccessControl } from "./access.ts";
import { installErrorHandling } from "./errors.ts";
import { installRateLimits } from "./rate-limit.ts";
import type { RateLimitStore } from "./rate-limit-store.ts";
import { RouteIndex } from "./route-index.ts";

async function appWith(store: RateLimitStore) {
  const app = Fastify();
  const logger = createLogger("silent");
  installErrorHandling(app, new RouteIndex());
  installAccessControl(app, {
    authenticateUser: async (token) => ({ id: token, username: token, role: "analyst" }),
    authenticateIngest: async () => null,
    ingestAuth: "token",
  });
  await installRateLimits(app, store, { authPerMinute: 2, apiPerMinute: 3 }, logger);
  app.get("/thing", { config: { access: "analyst" } }, async () => ({ ok: true }));
  app.post("/sign-in", { config: { access: "public", rateLimitPolicy: "auth" } }, async () => ({ ok: true }));
  return { app, logger };
}

describe("rate-limit installer", () => {
  it("lets requests through when the store fails, and warns once rather than per request", async () => {
    const failing: RateLimitStore = {
      hit: () => Promise.reject(new Error("redis down")),
      close: async () => undefined,
    };
    const { app, logger } = await appWith(failing);
    const warn = vi.spyOn(logger, "warn");
    for (let i = 0; i < 5; i++) {
      expect((await app.inject({ url: "/thing", headers: { authorization: "Bearer u1" } })).statusCode).toBe(
        200,
      );
    }
    expect(warn).toHaveBeenCalledTimes(1);
    await app.close();
  });

  it("keys the API limit by user and the sign-in limit by IP, from the store's counts", async () => {
    const counts = new Map<string, number>();
    const counting: RateLimitStore = {
      hit: async (key) => {
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return { count: counts.get(key)!, resetMs: 42_000 };
      },
      close: async () => undefined,
    };
    const { app } = await appWith(counting);
    const as = (user: string) => app.inject({ url: "/thing", headers: { authorization: `Bearer ${user}` } });
    for (let i = 0; i < 3; i++) expect((await as("u1")).statusCode).toBe(200);
    const limited = await as("u1");
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBe("42");
    expect(limited.json()).toMatchObject({ error: "RateLimitExceeded", retry_after: 42 });
    expect((await as("u2")).statusCode).toBe(200);
    expect([...counts.keys()]).toEqual(["api:user:u1", "api:user:u2"]);
    for (let i = 0; i < 2; i++)
      expect((await app.inject({ method: "POST", url: "/sign-in" })).statusCode).toBe(200);
    expect((await app.inject({ method: "POST", url: "/sign-in" })).statusCode).toBe(429);
    expect(counts.get("auth:/sign-in:127.0.0.1")).toBe(3);
    await app.close();
  });
});
