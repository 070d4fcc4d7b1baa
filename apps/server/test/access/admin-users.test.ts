import type { Role } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startTestApp, type TestApp } from "../support/app.ts";

describe("admin users API", () => {
  let t: TestApp;
  let admin: { authorization: string };
  let adminId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as("admin");
    adminId = (await t.ctx.users.findByUsername(ADMIN.username))!.id;
  }, 60_000);
  afterAll(() => t?.close());

  const api = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, headers = admin) =>
    t.app.inject({ method, url: `/api/v1/admin/users${url}`, headers, ...(payload ? { payload } : {}) });
  const create = async (username: string, role: Role = "analyst") => {
    const res = await api("POST", "", {
      username,
      email: `${username}@example.org`,
      password: `${username}-Str0ng-Pass!`,
      role,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; username: string; role: Role };
  };
  const signIn = async (username: string) =>
    (
      await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username, password: `${username}-Str0ng-Pass!` },
      })
    ).json().access_token as string;
  const me = (token: string) =>
    t.app.inject({ url: "/api/v1/auth/me", headers: { authorization: `Bearer ${token}` } });

  it("creates a user with a role and never shows a hash", async () => {
    const sup = await create("sophie", "supervisor");
    expect(sup).toMatchObject({ username: "sophie", role: "supervisor", is_active: true });
    const got = await api("GET", `/${sup.id}`);
    expect(got.json()).toEqual(sup);
    expect(JSON.stringify(got.json())).not.toMatch(/argon2|password/i);
  });

  it("refuses duplicates (409), unknown roles and weak passwords (422)", async () => {
    expect(
      (
        await api("POST", "", {
          username: "SOPHIE",
          email: "x@example.org",
          password: "Unique-Pass-123",
          role: "analyst",
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await api("POST", "", {
          username: "rolf",
          email: "rolf@example.org",
          password: "Unique-Pass-123",
          role: "root",
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await api("POST", "", {
          username: "rolf",
          email: "rolf@example.org",
          password: "letmein123",
          role: "analyst",
        })
      ).statusCode,
    ).toBe(422);
  });

  it("lists users paginated and filtered", async () => {
    await create("alpha");
    await create("bravo");
    const page = (await api("GET", "?per_page=2&page=1")).json();
    expect(page).toMatchObject({ page: 1, per_page: 2, items: expect.any(Array) });
    expect(page.items).toHaveLength(2);
    expect(page.pages).toBe(Math.ceil(page.total / 2));
    const supervisors = (await api("GET", "?role=supervisor")).json();
    expect(supervisors.items.map((u: { username: string }) => u.username)).toEqual(["sophie"]);
    expect((await api("GET", "?q=brav")).json().items.map((u: { username: string }) => u.username)).toEqual([
      "bravo",
    ]);
    expect((await api("GET", "?role=root")).statusCode).toBe(422);
  });

  it("answers 404 for unknown and malformed ids", async () => {
    for (const id of ["00000000-0000-7000-8000-000000000000", "not-a-uuid", "1;DROP TABLE users"]) {
      expect((await api("GET", `/${encodeURIComponent(id)}`)).statusCode).toBe(404);
      expect((await api("PATCH", `/${encodeURIComponent(id)}/role`, { role: "analyst" })).statusCode).toBe(
        404,
      );
      expect((await api("POST", `/${encodeURIComponent(id)}/deactivate`)).statusCode).toBe(404);
      expect((await api("DELETE", `/${encodeURIComponent(id)}`)).statusCode).toBe(404);
    }
  });

  it("changes a role; it applies on the user's very next request", async () => {
    const user = await create("charlie");
    const token = await signIn("charlie");
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/api/v1/sites",
          headers: { authorization: `Bearer ${token}` },
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    const res = await api("PATCH", `/${user.id}/role`, { role: "admin" });
    expect(res.json()).toMatchObject({ role: "admin" });
    expect((await me(token)).json().role).toBe("admin");
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/api/v1/sites",
          headers: { authorization: `Bearer ${token}` },
          payload: {},
        })
      ).statusCode,
    ).toBe(422);
    expect((await api("PATCH", `/${user.id}/role`, { role: "superuser" })).statusCode).toBe(422);
    await api("PATCH", `/${user.id}/role`, { role: "analyst" });
  });

  it("deactivation stops the user's tokens at once; re-activation does not revive them", async () => {
    const user = await create("delta");
    const token = await signIn("delta");
    expect((await me(token)).statusCode).toBe(200);
    const res = await api("POST", `/${user.id}/deactivate`);
    expect(res.json()).toMatchObject({ is_active: false });
    const refused = await me(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toBe("Account is deactivated");
    expect((await api("POST", `/${user.id}/activate`)).json()).toMatchObject({ is_active: true });
    expect((await me(token)).statusCode).toBe(401);
    expect((await me(await signIn("delta"))).statusCode).toBe(200);
  });

  it("deletion stops the user's tokens at once", async () => {
    const user = await create("echo");
    const token = await signIn("echo");
    expect((await me(token)).statusCode).toBe(200);
    expect((await api("DELETE", `/${user.id}`)).json()).toEqual({ deleted: true });
    expect((await me(token)).json().message).toBe("User no longer exists");
    expect((await api("GET", `/${user.id}`)).statusCode).toBe(404);
  });

  it("nobody can deactivate or delete themselves", async () => {
    const self = await api("POST", `/${adminId}/deactivate`);
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toBe("You cannot deactivate yourself");
    expect((await api("DELETE", `/${adminId}`)).statusCode).toBe(403);
    expect((await me(admin.authorization.slice(7))).json().is_active).toBe(true);
  });

  it("the last active admin can never be demoted or deactivated", async () => {
    const demote = await api("PATCH", `/${adminId}/role`, { role: "analyst" });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().message).toBe("The last active admin cannot be demoted");
    const second = await create("foxtrot", "admin");
    const secondToken = { authorization: `Bearer ${await signIn("foxtrot")}` };
    // With two active admins one may go; then the remaining one is protected again, whoever asks.
    expect((await api("POST", `/${adminId}/deactivate`, undefined, secondToken)).statusCode).toBe(200);
    expect((await api("PATCH", `/${second.id}/role`, { role: "supervisor" }, secondToken)).statusCode).toBe(
      403,
    );
    expect((await api("POST", `/${adminId}/activate`, undefined, secondToken)).statusCode).toBe(200);
    admin = {
      authorization: `Bearer ${(await t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: ADMIN })).json().access_token}`,
    };
  });

  it("two admins removing each other at the same time cannot leave none", async () => {
    const golf = await create("golf", "admin");
    const golfToken = { authorization: `Bearer ${await signIn("golf")}` };
    const activeAdmins = async () =>
      (await t.ctx.users.list({ role: "admin", is_active: true }, 0, 200)).items;
    for (const other of await activeAdmins())
      if (other.id !== golf.id && other.id !== adminId) await api("POST", `/${other.id}/deactivate`);
    expect(await activeAdmins()).toHaveLength(2);
    const [a, b] = await Promise.all([
      api("POST", `/${golf.id}/deactivate`),
      api("POST", `/${adminId}/deactivate`, undefined, golfToken),
    ]);
    // One wins; the other is refused, as the last admin (403) or, if it came second, as already deactivated (401).
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses[0]).toBe(200);
    expect([401, 403]).toContain(statuses[1]);
    const survivors = await activeAdmins();
    expect(survivors).toHaveLength(1);
    if (survivors[0]!.id === golf.id) {
      await api("POST", `/${adminId}/activate`, undefined, golfToken);
      admin = {
        authorization: `Bearer ${(await t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: ADMIN })).json().access_token}`,
      };
    }
  });

  it("records every change in the audit log with actor, target and IP", async () => {
    const res = await t.app.inject({ url: "/api/v1/audit?per_page=200", headers: admin });
    const actions = res.json().items.map((e: { action: string }) => e.action);
    for (const action of [
      "user.created",
      "user.role_changed",
      "user.deactivated",
      "user.activated",
      "user.deleted",
    ])
      expect(actions).toContain(action);
    const roleChange = res.json().items.find((e: { action: string }) => e.action === "user.role_changed");
    expect(roleChange).toMatchObject({
      target_type: "user",
      ip: "127.0.0.1",
      details: { from: expect.any(String), to: expect.any(String) },
    });
    expect(JSON.stringify(res.json())).not.toMatch(/Str0ng-Pass|argon2/);
  });
});
