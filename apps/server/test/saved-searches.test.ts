import type { SavedSearch } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

type Headers = { authorization: string };

describe("saved searches: per user, shared, owner-only changes, audited", () => {
  let t: TestApp;
  let analyst: Headers;
  let supervisor: Headers;
  let admin: Headers;

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    [analyst, supervisor, admin] = await Promise.all([t.as("analyst"), t.as("supervisor"), t.as("admin")]);
  });
  afterAll(() => t.close());

  const save = async (headers: Headers, body: object) => {
    const res = await t.call("POST", "/api/v1/saved-searches", headers, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as SavedSearch;
  };
  const names = async (headers: Headers) =>
    ((await t.call("GET", "/api/v1/saved-searches", headers)).json().items as SavedSearch[]).map(
      (s) => `${s.name}${s.mine ? "" : ` (${s.owner})`}`,
    );

  it("saves the text and the filters; the list shows mine, then what others share, with the owner", async () => {
    const mine = await save(analyst, {
      name: "SSH failures",
      description: "brute force watch",
      q: "sshd severity>=medium",
      filters: { site_id: "AUDIO_004", range: "24h" },
    });
    expect(mine).toMatchObject({
      name: "SSH failures",
      description: "brute force watch",
      q: "sshd severity>=medium",
      filters: { site_id: "AUDIO_004", range: "24h" },
      shared: false,
      mine: true,
      owner: "analyst1",
    });
    await save(supervisor, { name: "Team view", q: "hostname:recep*", shared: true });
    await save(supervisor, { name: "Supervisor only", q: "username:bob" });
    expect(await names(analyst)).toEqual(["SSH failures", "Team view (supervisor1)"]);
    expect(await names(supervisor)).toEqual(["Supervisor only", "Team view"]);
    const one = await t.call("GET", `/api/v1/saved-searches/${mine.id}`, analyst);
    expect(one.json()).toMatchObject({ id: mine.id, mine: true });
  });

  it("someone else's private search is not found; a shared one is read but changed by its owner only", async () => {
    const privateOne = await save(analyst, { name: "Private", q: "username:carol" });
    const shared = await save(analyst, { name: "Shared", q: "username:dave", shared: true });
    expect((await t.call("GET", `/api/v1/saved-searches/${privateOne.id}`, supervisor)).statusCode).toBe(404);
    expect(
      (await t.call("PATCH", `/api/v1/saved-searches/${privateOne.id}`, supervisor, { name: "x" }))
        .statusCode,
    ).toBe(404);
    const seen = await t.call("GET", `/api/v1/saved-searches/${shared.id}`, supervisor);
    expect(seen.json()).toMatchObject({ mine: false, owner: "analyst1", q: "username:dave" });
    const patch = await t.call("PATCH", `/api/v1/saved-searches/${shared.id}`, supervisor, {
      name: "Mine now",
    });
    expect(patch.statusCode).toBe(403);
    expect((await t.call("DELETE", `/api/v1/saved-searches/${shared.id}`, supervisor)).statusCode).toBe(403);

    const renamed = await t.call("PATCH", `/api/v1/saved-searches/${shared.id}`, analyst, {
      name: "Shared, renamed",
      shared: false,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Shared, renamed", shared: false, q: "username:dave" });
    expect((await t.call("GET", `/api/v1/saved-searches/${shared.id}`, supervisor)).statusCode).toBe(404);
  });

  it("an admin deletes a shared search of someone else, never a private one", async () => {
    const privateOne = await save(supervisor, { name: "Admin cannot see" });
    const shared = await save(supervisor, { name: "Admin may delete", shared: true });
    expect((await t.call("DELETE", `/api/v1/saved-searches/${privateOne.id}`, admin)).statusCode).toBe(404);
    expect(
      (await t.call("PATCH", `/api/v1/saved-searches/${shared.id}`, admin, { name: "y" })).statusCode,
    ).toBe(403);
    const deleted = await t.call("DELETE", `/api/v1/saved-searches/${shared.id}`, admin);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ deleted: true });
    expect((await t.call("GET", `/api/v1/saved-searches/${shared.id}`, supervisor)).statusCode).toBe(404);
    const own = await t.call("DELETE", `/api/v1/saved-searches/${privateOne.id}`, supervisor);
    expect(own.statusCode).toBe(200);
  });

  it("every change is in the audit log, with who made it", async () => {
    const s = await save(analyst, { name: "Audited", q: "sshd" });
    await t.call("PATCH", `/api/v1/saved-searches/${s.id}`, analyst, { q: "sshd OR su" });
    await t.call("DELETE", `/api/v1/saved-searches/${s.id}`, analyst);
    const audit = await t.call("GET", `/api/v1/audit?target_id=${s.id}&per_page=10`, admin);
    const rows = audit.json().items as { action: string; actor: string; details: object }[];
    expect(rows.map((r) => r.action).sort()).toEqual([
      "saved_search.created",
      "saved_search.deleted",
      "saved_search.updated",
    ]);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(["analyst1"]));
    expect(rows.find((r) => r.action === "saved_search.updated")?.details).toMatchObject({ changed: ["q"] });
  });

  it("a name is unique per owner (409), not across owners", async () => {
    await save(analyst, { name: "Same name" });
    const again = await t.call("POST", "/api/v1/saved-searches", analyst, { name: "Same name" });
    expect(again.statusCode).toBe(409);
    await save(supervisor, { name: "Same name" });
    const other = await save(analyst, { name: "Other name" });
    const clash = await t.call("PATCH", `/api/v1/saved-searches/${other.id}`, analyst, { name: "Same name" });
    expect(clash.statusCode).toBe(409);
  });

  it("bad input is a 422 naming the field; an unreadable query gives the parser's reason and position", async () => {
    const cases: [object, string][] = [
      [{ name: "" }, "name"],
      [{ name: "x", filters: { severity: "urgent" } }, "filters.severity"],
      [{ name: "x", filters: { colour: "red" } }, "filters"],
      [{ name: "x", filters: { range: "yesterday" } }, "filters.range"],
      [{ name: "x", shared: "yes" }, "shared"],
      [{ name: "x", filters: { sort: "message" } }, "filters.sort"],
    ];
    for (const [body, field] of cases) {
      const res = await t.call("POST", "/api/v1/saved-searches", analyst, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const syntax = await t.call("POST", "/api/v1/saved-searches", analyst, { name: "x", q: "sshd AND (" });
    expect(syntax.statusCode).toBe(422);
    expect(syntax.json().details[0]).toMatchObject({ field: "q", type: "query_syntax", position: 10 });
    const value = await t.call("POST", "/api/v1/saved-searches", analyst, {
      name: "x",
      q: "dest_port>=high",
    });
    expect(value.json().details[0]).toMatchObject({ field: "q", type: "query_syntax", position: 0 });
    const s = await save(analyst, { name: "Will not break" });
    const patch = await t.call("PATCH", `/api/v1/saved-searches/${s.id}`, analyst, { q: '"unclosed' });
    expect(patch.statusCode).toBe(422);
    expect((await t.call("PATCH", `/api/v1/saved-searches/${s.id}`, analyst, {})).statusCode).toBe(422);
    expect((await t.call("GET", "/api/v1/saved-searches/not-an-id", analyst)).statusCode).toBe(404);
  });
});
