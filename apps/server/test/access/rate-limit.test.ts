import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startTestApp, type TestApp } from "../support/app.ts";

const login = (t: TestApp, extra: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username: "ghost", password: "not-the-password" },
    ...extra,
  });

describe("rate limits: sign-in and registration (10/min per client IP)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_ALLOW_REGISTRATION: "true" });
  }, 60_000);
  afterAll(() => t?.close());

  it("answers 429 with Retry-After and the contract's body after 10 attempts a minute", async () => {
    const client = { remoteAddress: "198.51.100.10" };
    for (let i = 0; i < 10; i++) expect((await login(t, client)).statusCode).toBe(401);
    const limited = await login(t, client);
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json()).toEqual({
      error: "RateLimitExceeded",
      message: expect.any(String),
      retry_after: retryAfter,
    });
    // Even the right password waits: the limit is on attempts, not failures.
    const right = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: ADMIN,
      ...client,
    });
    expect(right.statusCode).toBe(429);
  });

  it("counts per client IP, and X-Forwarded-For cannot dodge it when proxies are not trusted", async () => {
    const client = { remoteAddress: "198.51.100.11" };
    for (let i = 0; i < 10; i++)
      await login(t, { ...client, headers: { "x-forwarded-for": `203.0.113.${i}` } });
    expect((await login(t, { ...client, headers: { "x-forwarded-for": "203.0.113.99" } })).statusCode).toBe(
      429,
    );
    expect((await login(t, { remoteAddress: "198.51.100.12" })).statusCode).toBe(401);
  });

  it("limits registration on its own counter", async () => {
    const client = { remoteAddress: "198.51.100.13" };
    const register = (i: number) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/register",
        payload: { username: `mass${i}`, email: `mass${i}@example.org`, password: "Mass-Register-123" },
        ...client,
      });
    for (let i = 0; i < 10; i++) expect((await register(i)).statusCode).toBe(201);
    expect((await register(10)).statusCode).toBe(429);
    expect((await login(t, client)).statusCode).toBe(401);
  });
  it("puts profile changes (they check the current password) under the same limit", async () => {
    const headers = await t.as("analyst");
    const guess = () =>
      t.app.inject({
        method: "PATCH",
        url: "/api/v1/auth/me",
        headers,
        payload: { current_password: "a-wrong-guess", email: "x@example.org" },
        remoteAddress: "198.51.100.14",
      });
    for (let i = 0; i < 10; i++) expect((await guess()).statusCode).toBe(403);
    expect((await guess()).statusCode).toBe(429);
  });
});

describe("rate limits: the general API limit and trusted proxies", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "5", VIGIE_TRUST_PROXY: "true" });
  }, 60_000);
  afterAll(() => t?.close());

  it("limits each signed-in user across the whole API, whatever their address", async () => {
    const analyst = await t.as("analyst");
    const paths = [
      "/api/v1/logs",
      "/api/v1/auth/me",
      "/api/events",
      "/api/v1/logs?severity=high",
      "/api/v1/auth/me",
    ];
    for (const [i, url] of paths.entries()) {
      const res = await t.app.inject({ url, headers: { ...analyst, "x-forwarded-for": `192.0.2.${i}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers["x-ratelimit-remaining"]).toBe(String(4 - i));
    }
    const limited = await t.app.inject({ url: "/api/v1/logs", headers: analyst });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe("RateLimitExceeded");
    expect(
      (await t.app.inject({ url: "/api/v1/auth/me", headers: await t.as("supervisor") })).statusCode,
    ).toBe(200);
  });

  it("does not count ingest or public routes", async () => {
    for (let i = 0; i < 8; i++) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/logs/ingest",
        headers: t.ingestHeaders,
        payload: { source_type: "generic" },
      });
      expect(res.statusCode).toBe(201);
      expect(res.headers["x-ratelimit-limit"]).toBeUndefined();
    }
    for (let i = 0; i < 8; i++) expect((await t.app.inject({ url: "/health" })).statusCode).toBeLessThan(429);
  });

  it("reads the client IP from X-Forwarded-For when VIGIE_TRUST_PROXY says so", async () => {
    const via = (ip: string) => ({ remoteAddress: "10.0.0.1", headers: { "x-forwarded-for": ip } });
    for (let i = 0; i < 10; i++) await login(t, via("203.0.113.50"));
    expect((await login(t, via("203.0.113.50"))).statusCode).toBe(429);
    expect((await login(t, via("203.0.113.51"))).statusCode).toBe(401);
    const failures = await t.ctx.audit.list({ action: "auth.login_failed" }, 0, 1);
    expect(failures.items[0]?.ip).toBe("203.0.113.51");
  });
});
