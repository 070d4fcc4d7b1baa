import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";

describe("sites and ingest tokens (admin)", () => {
  let t: TestApp;
  let admin: { authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as("admin");
  }, 60_000);
  afterAll(() => t?.close());

  const api = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, headers = admin) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const ingest = (token: string, body: object) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest",
      headers: { "x-vigie-token": token },
      payload: body,
    });
  const auditActions = async () =>
    (await api("GET", "/audit?per_page=200")).json().items.map((e: { action: string }) => e.action);

  it("first start created the 30 sites with editable names and an all-sites token", async () => {
    expect((await t.ctx.sites.find("AUDIO_001"))?.name).toBe("Centre auditif 001");
    expect(await t.ctx.sites.find("AUDIO_030")).not.toBeNull();
    const all = (await api("GET", "/ingest-tokens")).json();
    expect(all).toEqual([
      expect.objectContaining({ name: "default (all sites)", site_id: null, revoked_at: null }),
    ]);
    const renamed = await api("PATCH", "/sites/AUDIO_001", {
      name: "Audition Lyon Centre",
      networks: ["10.1.0.0/16", "fd00:1::/64"],
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      site_id: "AUDIO_001",
      name: "Audition Lyon Centre",
      networks: ["10.1.0.0/16", "fd00:1::/64"],
    });
  });

  it("creates, updates and deletes a site; duplicates are 409, bad fields 422, unknown ids 404", async () => {
    const created = await api("POST", "/sites", {
      site_id: "AUDIO_031",
      name: "Nouveau centre",
      description: "Ouvert en 2026",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      site_id: "AUDIO_031",
      name: "Nouveau centre",
      description: "Ouvert en 2026",
      networks: [],
    });
    expect((await api("POST", "/sites", { site_id: "AUDIO_031", name: "Again" })).statusCode).toBe(409);
    expect((await api("POST", "/sites", { site_id: "../etc/passwd", name: "x" })).statusCode).toBe(422);
    expect((await api("POST", "/sites", { site_id: "AUDIO_032", name: "" })).statusCode).toBe(422);
    expect((await api("PATCH", "/sites/AUDIO_031", { networks: ["10.0.0.0/33"] })).statusCode).toBe(422);
    expect((await api("PATCH", "/sites/AUDIO_031", { networks: ["not-an-ip"] })).statusCode).toBe(422);
    expect((await api("PATCH", "/sites/AUDIO_031", {})).statusCode).toBe(422);
    expect((await api("PATCH", "/sites/NOPE", { name: "x" })).statusCode).toBe(404);
    expect((await api("DELETE", "/sites/NOPE")).statusCode).toBe(404);
    expect((await api("DELETE", "/sites/AUDIO_031")).json()).toEqual({ deleted: true });
    expect(await t.ctx.sites.find("AUDIO_031")).toBeNull();
  });

  it("issues a site token once, lists it without its secret, and the token forces its site", async () => {
    const res = await api("POST", "/sites/AUDIO_007/tokens", { name: "firewall AUDIO_007" });
    expect(res.statusCode).toBe(201);
    const { token, ...shown } = res.json();
    expect(token).toMatch(/^vgi_/);
    expect(shown).toMatchObject({
      name: "firewall AUDIO_007",
      site_id: "AUDIO_007",
      prefix: token.slice(0, 8),
      last_used_at: null,
      revoked_at: null,
    });
    const list = (await api("GET", "/sites/AUDIO_007/tokens")).json();
    expect(list).toEqual([expect.objectContaining({ id: shown.id, prefix: token.slice(0, 8) })]);
    expect(JSON.stringify(list)).not.toContain(token);
    expect(JSON.stringify(list)).not.toMatch(/hash/i);
    const event = await ingest(token, {
      source_type: "generic",
      site_id: "AUDIO_001",
      message: "spoofed site",
    });
    expect(event.statusCode).toBe(201);
    expect(event.json().site_id).toBe("AUDIO_007");
    // Last use is written in the background (never slows ingest down).
    await expect
      .poll(async () => (await api("GET", "/sites/AUDIO_007/tokens")).json()[0].last_used_at)
      .not.toBeNull();
  });

  it("revokes a token: it stops working at once and shows when it was revoked", async () => {
    const { token, id } = (await api("POST", "/sites/AUDIO_008/tokens", { name: "to revoke" })).json();
    expect((await ingest(token, { source_type: "generic" })).statusCode).toBe(201);
    expect((await api("DELETE", `/sites/AUDIO_009/tokens/${id}`)).statusCode).toBe(404);
    const revoked = await api("DELETE", `/sites/AUDIO_008/tokens/${id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked_at).not.toBeNull();
    expect((await ingest(token, { source_type: "generic" })).statusCode).toBe(401);
    expect((await api("DELETE", "/sites/AUDIO_008/tokens/not-a-uuid")).statusCode).toBe(404);
  });

  it("manages all-sites tokens, including the first start's default", async () => {
    const created = await api("POST", "/ingest-tokens", { name: "collector" });
    expect(created.json()).toMatchObject({ site_id: null, token: expect.stringMatching(/^vgi_/) });
    expect(
      (await ingest(created.json().token, { source_type: "generic", site_id: "AUDIO_012" })).json().site_id,
    ).toBe("AUDIO_012");
    expect((await api("POST", "/ingest-tokens", { name: "x", site_id: "NOPE" })).statusCode).toBe(404);
    const bound = await api("POST", "/ingest-tokens", { name: "bound", site_id: "AUDIO_002" });
    expect(bound.json().site_id).toBe("AUDIO_002");
    const defaultToken = (await api("GET", "/ingest-tokens"))
      .json()
      .find((x: { name: string }) => x.name === "default (all sites)");
    expect((await api("DELETE", `/ingest-tokens/${defaultToken.id}`)).json().revoked_at).not.toBeNull();
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/api/v1/logs/ingest",
          headers: t.ingestHeaders,
          payload: { source_type: "generic" },
        })
      ).statusCode,
    ).toBe(401);
  });

  it("deleting a site deletes its tokens, which stop working", async () => {
    await api("POST", "/sites", { site_id: "TEMP_1", name: "Temporary" });
    const { token } = (await api("POST", "/sites/TEMP_1/tokens", { name: "temp" })).json();
    expect((await ingest(token, { source_type: "generic" })).statusCode).toBe(201);
    await api("DELETE", "/sites/TEMP_1");
    expect((await ingest(token, { source_type: "generic" })).statusCode).toBe(401);
    expect((await api("GET", "/sites/TEMP_1/tokens")).statusCode).toBe(404);
  });

  it("is admin-only for writes and tokens", async () => {
    const supervisor = await t.as("supervisor");
    expect((await api("POST", "/sites", { site_id: "X_1", name: "x" }, supervisor)).statusCode).toBe(403);
    expect((await api("GET", "/sites/AUDIO_001/tokens", undefined, supervisor)).statusCode).toBe(403);
    expect((await api("GET", "/ingest-tokens", undefined, await t.as("analyst"))).statusCode).toBe(403);
  });

  it("audits site and token changes, never with a token secret", async () => {
    const actions = await auditActions();
    for (const action of [
      "site.created",
      "site.updated",
      "site.deleted",
      "ingest_token.created",
      "ingest_token.revoked",
    ])
      expect(actions).toContain(action);
    const entries = (await api("GET", "/audit?action=ingest_token.created&per_page=200")).json().items;
    expect(entries[0]).toMatchObject({
      actor: "admin",
      target_type: "ingest_token",
      details: { prefix: expect.stringMatching(/^vgi_/) },
    });
    expect(JSON.stringify(entries)).not.toMatch(/vgi_[A-Za-z0-9_-]{20,}/);
  });
});
