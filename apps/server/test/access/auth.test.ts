import { hash } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startTestApp, type TestApp } from "../support/app.ts";

describe("auth: login, registration, profile", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Sign-in limits are exercised in rate-limit.test.ts; here they would only get in the way.
    t = await startTestApp({ VIGIE_ALLOW_REGISTRATION: "true", VIGIE_RATE_LIMIT_AUTH: "0" });
  }, 60_000);
  afterAll(() => t?.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "POST", url, payload, headers });
  const login = (username: string, password: string) => post("/api/v1/auth/login", { username, password });
  const register = (body: object) => post("/api/v1/auth/register", body);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const me = (token: string) => t.app.inject({ url: "/api/v1/auth/me", headers: bearer(token) });
  const patchMe = (token: string, payload: object) =>
    t.app.inject({ method: "PATCH", url: "/api/v1/auth/me", headers: bearer(token), payload });
  const audit = async (action: string) =>
    (
      await t.app.inject({ url: `/api/v1/audit?action=${action}&per_page=200`, headers: await t.as("admin") })
    ).json().items;

  it("signs in with the right password, case-insensitively on the username, and records it", async () => {
    const res = await login(ADMIN.username.toUpperCase(), ADMIN.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ access_token: expect.any(String), token_type: "bearer" });
    expect((await me(res.json().access_token)).json()).toMatchObject({
      username: ADMIN.username,
      role: "admin",
      is_active: true,
    });
    const entries = await audit("auth.login");
    expect(entries[0]).toMatchObject({
      actor: ADMIN.username,
      action: "auth.login",
      target_type: "user",
      ip: "127.0.0.1",
    });
  });

  it("says the same thing for an unknown user and a wrong password, and records both failures", async () => {
    const unknown = await login("nobody-here", "whatever-password");
    const wrong = await login(ADMIN.username, "wrong-password");
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual({ error: "AuthenticationError", message: "Invalid username or password" });
    expect(wrong.json()).toEqual(unknown.json());
    const failures = await audit("auth.login_failed");
    expect(failures.map((f: { details: { username: string } }) => f.details.username)).toEqual(
      expect.arrayContaining(["nobody-here", ADMIN.username]),
    );
    expect(JSON.stringify(failures)).not.toContain("wrong-password");
  });

  it("takes about as long for an unknown user as for a wrong password (dummy hash)", async () => {
    // CPU time of this process (every thread, Argon2's pool included), not wall time: test files run in
    // parallel processes, and a neighbour's burst would stretch one login's wall time, not its CPU time.
    const time = async (username: string) => {
      const start = process.cpuUsage();
      await login(username, "some-wrong-password");
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
    await time("warm-up");
    const unknown = Math.min(await time("ghost-1"), await time("ghost-2"), await time("ghost-3"));
    const known = Math.min(
      await time(ADMIN.username),
      await time(ADMIN.username),
      await time(ADMIN.username),
    );
    // Both pay one Argon2id verification; without the dummy hash an unknown user would answer in ~1 ms.
    expect(unknown).toBeGreaterThan(known * 0.7);
  });

  it("refuses a deactivated account with its own message", async () => {
    await post(
      "/api/v1/admin/users",
      { username: "dora", email: "dora@example.org", password: "Dora-the-analyst-42", role: "analyst" },
      await t.as("admin"),
    );
    const dora = await t.ctx.users.findByUsername("dora");
    await post(`/api/v1/admin/users/${dora!.id}/deactivate`, {}, await t.as("admin"));
    const res = await login("dora", "Dora-the-analyst-42");
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe("Account is deactivated");
  });

  it("upgrades a hash made with older Argon2 parameters at the next login", async () => {
    const weak = await hash("Legacy-Password-77", {
      algorithm: 2,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    const user = await t.ctx.users.create({
      username: "legacy",
      email: "legacy@example.org",
      passwordHash: weak,
      role: "analyst",
    });
    expect((await login("legacy", "Legacy-Password-77")).statusCode).toBe(200);
    const after = await t.ctx.users.findById(user.id);
    expect(after!.passwordHash).not.toBe(weak);
    expect(after!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login("legacy", "Legacy-Password-77")).statusCode).toBe(200);
  });

  it("registers an analyst when registration is open", async () => {
    const res = await register({
      username: "newbie",
      email: "newbie@example.org",
      password: "Brand-New-Analyst-1",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().token_type).toBe("bearer");
    expect((await me(res.json().access_token)).json()).toMatchObject({
      username: "newbie",
      role: "analyst",
      email: "newbie@example.org",
    });
    expect((await audit("user.registered"))[0]).toMatchObject({ actor: "newbie", target_type: "user" });
  });

  it("refuses duplicates (409), weak passwords and bad fields (422) at registration", async () => {
    expect(
      (await register({ username: "NEWBIE", email: "other@example.org", password: "Another-Fine-Pass-2" }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await register({ username: "other", email: "Newbie@Example.org", password: "Another-Fine-Pass-2" })
      ).json(),
    ).toMatchObject({ error: "ConflictError", message: "Email is already registered" });
    const common = await register({ username: "weak1", email: "weak1@example.org", password: "password123" });
    expect(common.statusCode).toBe(422);
    expect(common.json().details).toEqual([
      expect.objectContaining({ field: "password", type: "common_password" }),
    ]);
    expect(
      (await register({ username: "weak2", email: "weak2@example.org", password: "short" })).statusCode,
    ).toBe(422);
    expect(
      (await register({ username: "ab", email: "ab@example.org", password: "Long-Enough-Pass-3" }))
        .statusCode,
    ).toBe(422);
    expect(
      (await register({ username: "bad name", email: "x@example.org", password: "Long-Enough-Pass-3" }))
        .statusCode,
    ).toBe(422);
    expect(
      (await register({ username: "noemail", email: "not-an-email", password: "Long-Enough-Pass-3" }))
        .statusCode,
    ).toBe(422);
    expect(
      (
        await register({
          username: "role",
          email: "role@example.org",
          password: "Long-Enough-Pass-3",
          role: "admin",
        })
      ).statusCode,
    ).toBe(201);
    expect((await t.ctx.users.findByUsername("role"))!.role).toBe("analyst");
  });

  it("closes registration unless VIGIE_ALLOW_REGISTRATION=true", async () => {
    // The flag is read per request, so flipping this app's configuration is the same as a restart without it.
    t.ctx.config.VIGIE_ALLOW_REGISTRATION = false;
    try {
      const res = await register({
        username: "someone",
        email: "s@example.org",
        password: "Long-Enough-Pass-3",
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: "ForbiddenError", message: "Registration is disabled" });
      expect(await t.ctx.users.findByUsername("someone")).toBeNull();
    } finally {
      t.ctx.config.VIGIE_ALLOW_REGISTRATION = true;
    }
  });

  it("changes the username with the current password and returns a new token", async () => {
    const token = (
      await register({ username: "renamer", email: "renamer@example.org", password: "Renamer-Pass-1234" })
    ).json().access_token;
    expect((await patchMe(token, { username: "renamed" })).statusCode).toBe(422);
    expect(
      (await patchMe(token, { current_password: "wrong-one-entirely", username: "renamed" })).statusCode,
    ).toBe(403);
    const res = await patchMe(token, { current_password: "Renamer-Pass-1234", username: "renamed" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      username: "renamed",
      access_token: expect.any(String),
      token_type: "bearer",
    });
    expect(res.json()).not.toHaveProperty("password_hash");
    expect((await me(res.json().access_token)).json().username).toBe("renamed");
    expect((await login("renamed", "Renamer-Pass-1234")).statusCode).toBe(200);
    expect((await audit("user.profile_updated"))[0]).toMatchObject({
      actor: "renamer",
      details: { fields: ["username"] },
    });
  });

  it("answers 422 when there is nothing to change and 409 for a taken username", async () => {
    const token = (
      await register({ username: "idle", email: "idle@example.org", password: "Idle-Password-987" })
    ).json().access_token;
    expect((await patchMe(token, { current_password: "Idle-Password-987" })).json()).toMatchObject({
      error: "ValidationError",
      message: "Nothing to change",
    });
    expect(
      (
        await patchMe(token, {
          current_password: "Idle-Password-987",
          username: "idle",
          email: "IDLE@example.org",
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await patchMe(token, { current_password: "Idle-Password-987", username: ADMIN.username })).statusCode,
    ).toBe(409);
    const emailOnly = await patchMe(token, {
      current_password: "Idle-Password-987",
      email: "idle2@example.org",
    });
    expect(emailOnly.json()).toMatchObject({ email: "idle2@example.org" });
    expect(emailOnly.json()).not.toHaveProperty("access_token");
  });

  it("changes the password under the policy; older tokens stop, the returned one works", async () => {
    const old = (
      await register({ username: "rotator", email: "rotator@example.org", password: "Rotate-Me-Soon-11" })
    ).json().access_token;
    expect(
      (await patchMe(old, { current_password: "Rotate-Me-Soon-11", password: "qwerty123" })).statusCode,
    ).toBe(422);
    const res = await patchMe(old, {
      current_password: "Rotate-Me-Soon-11",
      password: "Rotated-Password-22",
    });
    expect(res.statusCode).toBe(200);
    expect((await me(old)).statusCode).toBe(401);
    expect((await me(res.json().access_token)).statusCode).toBe(200);
    expect((await login("rotator", "Rotate-Me-Soon-11")).statusCode).toBe(401);
    expect((await login("rotator", "Rotated-Password-22")).statusCode).toBe(200);
  });
});
