import { randomUUID } from "node:crypto";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ADMIN, startTestApp, type TestApp } from "../support/app.ts";

const SECRET = "test-secret-key-that-is-long-enough-0123456789";
const key = new TextEncoder().encode(SECRET);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("JWT hardening", () => {
  let t: TestApp;
  let adminId: string;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_SECRET_KEY: SECRET });
    adminId = (await t.ctx.users.findByUsername(ADMIN.username))!.id;
  }, 60_000);
  afterAll(() => t?.close());

  const me = (token: string) =>
    t.app.inject({ url: "/api/v1/auth/me", headers: { authorization: `Bearer ${token}` } });
  /** A token like the server's, with `change` applied to its claims. */
  const craft = (claims: Record<string, unknown> = {}, alg = "HS256", options: { omit?: string[] } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: "vigie",
      sub: adminId,
      iat: now,
      exp: now + 3600,
      username: ADMIN.username,
      role: "admin",
      ver: 0,
      ...claims,
    };
    for (const name of options.omit ?? []) delete payload[name];
    return new SignJWT(payload).setProtectedHeader({ alg }).sign(key);
  };

  it("accepts a well-formed HS256 token from the server's key (control)", async () => {
    expect((await me(await craft())).statusCode).toBe(200);
  });

  it("refuses alg none, in every spelling", async () => {
    const unsecured = new UnsecuredJWT({
      iss: "vigie",
      sub: adminId,
      username: ADMIN.username,
      role: "admin",
      ver: 0,
    })
      .setIssuedAt()
      .setExpirationTime("1h")
      .encode();
    expect((await me(unsecured)).statusCode).toBe(401);
    const claims = {
      iss: "vigie",
      sub: adminId,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
      username: ADMIN.username,
      role: "admin",
      ver: 0,
    };
    for (const alg of ["none", "None", "NONE"]) {
      const res = await me(`${b64({ alg, typ: "JWT" })}.${b64(claims)}.`);
      expect(res.statusCode, alg).toBe(401);
      expect(res.json()).toMatchObject({ error: "AuthenticationError", message: "Invalid token" });
    }
  });

  it("refuses other HMAC algorithms even with the right key", async () => {
    for (const alg of ["HS384", "HS512"]) expect((await me(await craft({}, alg))).statusCode, alg).toBe(401);
  });

  it("refuses an RS256 header carrying an HMAC signature (algorithm confusion)", async () => {
    const good = await craft();
    const [, payload, signature] = good.split(".");
    expect((await me(`${b64({ alg: "RS256", typ: "JWT" })}.${payload}.${signature}`)).statusCode).toBe(401);
  });

  it("refuses a token signed with another key or tampered with", async () => {
    const other = await new SignJWT({ iss: "vigie", sub: adminId, username: "admin", role: "admin", ver: 0 })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("some-other-installation-key-0123456789abcdef"));
    expect((await me(other)).statusCode).toBe(401);
    const [header, , signature] = (await craft()).split(".");
    const elevated = b64({
      iss: "vigie",
      sub: randomUUID(),
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 60,
      username: "x",
      role: "admin",
      ver: 0,
    });
    expect((await me(`${header}.${elevated}.${signature}`)).statusCode).toBe(401);
  });

  it("requires sub, iat, exp, iss, username, role and ver", async () => {
    for (const claim of ["sub", "iat", "exp", "iss", "username", "role", "ver"]) {
      expect((await me(await craft({}, "HS256", { omit: [claim] }))).statusCode, `without ${claim}`).toBe(
        401,
      );
    }
  });

  it("refuses wrong issuer, unknown role, non-integer version, expired and future-dated tokens", async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, Record<string, unknown>> = {
      issuer: { iss: "someone-else" },
      role: { role: "root" },
      version: { ver: "0" },
      expired: { iat: now - 7200, exp: now - 3600 },
      "issued in the future": { iat: now + 3600, exp: now + 7200 },
      "lives longer than 24 h": { iat: now - 25 * 3600, exp: now + 3600 },
      "expires 10 years out": { iat: now, exp: now + 10 * 365 * 86_400 },
      "expires 25 h after issue": { iat: now, exp: now + 25 * 3600 },
    };
    for (const [name, claims] of Object.entries(cases))
      expect((await me(await craft(claims))).statusCode, name).toBe(401);
    expect((await me(await craft({ iat: now, exp: now + 24 * 3600 }))).statusCode, "24 h (control)").toBe(
      200,
    );
    expect((await me(await craft({ iat: now - 7200, exp: now - 3600 }))).json().message).toBe(
      "Token expired",
    );
  });

  it("refuses a token it accepted before once it expires (a verified token is remembered, not its answer)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await craft({ iat: now, exp: now + 60 });
    expect((await me(token)).statusCode).toBe(200);
    expect((await me(token)).statusCode, "the remembered token").toBe(200);
    // Past its expiry and the 30 s clock tolerance: only Date moves, the app's timers run as they do.
    vi.useFakeTimers({ toFake: ["Date"], now: (now + 95) * 1000 });
    try {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe("Token expired");
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a valid signature for a user that does not exist or a stale token version", async () => {
    expect((await me(await craft({ sub: randomUUID() }))).json().message).toBe("User no longer exists");
    expect((await me(await craft({ sub: "not-a-uuid" }))).statusCode).toBe(401);
    expect((await me(await craft({ ver: 7 }))).json().message).toBe("Session ended; sign in again");
  });

  it("takes the role from the stored user, not from the token", async () => {
    await t.tokenFor("analyst");
    const analyst = await t.ctx.users.findByUsername("analyst1");
    const boasting = await craft({ sub: analyst!.id, username: "analyst1", role: "admin" });
    expect((await me(boasting)).json().role).toBe("analyst");
    expect(
      (await t.app.inject({ url: "/api/v1/admin/users", headers: { authorization: `Bearer ${boasting}` } }))
        .statusCode,
    ).toBe(403);
  });

  it("refuses malformed Authorization headers and garbage tokens without a 500", async () => {
    for (const authorization of [
      "Bearer",
      "Bearer ",
      "Basic YWRtaW46YWRtaW4=",
      "Bearer a.b",
      "Bearer a.b.c",
      "Bearer ....",
      `Bearer ${"x".repeat(5000)}`,
      "bearer%00",
    ]) {
      const res = await t.app.inject({ url: "/api/v1/auth/me", headers: { authorization } });
      expect(res.statusCode, authorization.slice(0, 20)).toBe(401);
    }
  });

  it("accepts ?token= only on routes that declare it", async () => {
    const token = await craft();
    expect((await t.app.inject({ url: `/api/v1/auth/me?token=${token}` })).statusCode).toBe(401);
  });
});
