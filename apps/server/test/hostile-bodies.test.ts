import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

/** JSON text of an object nested `depth` levels deep (JSON.stringify itself overflows past ~4,000). */
const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

describe("hostile bodies", () => {
  let t: TestApp;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    t = await startTestApp();
  });
  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await t.close();
  });

  const post = (url: string, payload: string | object, headers: Record<string, string> = t.ingestHeaders) =>
    t.app.inject({
      method: "POST",
      url,
      headers: { ...headers, "content-type": "application/json" },
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
    });

  it("refuses a body nested too deep with 422 naming the limit, and ingest goes on", async () => {
    const event = (metadata: string) => `{"source_type":"generic","message":"m","metadata":${metadata}}`;
    const events = [...Array.from({ length: 39 }, () => event("{}")), event(nestedJson(5_000))];
    const batches = Array.from({ length: 4 }, () =>
      post("/api/v1/logs/ingest/batch", `{"events":[${events.join(",")}]}`),
    );
    for (const res of await Promise.all(batches)) {
      expect(res.statusCode).toBe(422);
      expect(res.json().details[0]).toMatchObject({ type: "depth" });
    }
    const after = await post("/api/v1/logs/ingest", event('{"ok":true}'));
    expect(after.statusCode).toBe(201);
  });

  it("answers 422 to ten thousand brackets, twice, without an unhandled rejection", async () => {
    const body = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    for (const url of ["/api/v1/logs/ingest", "/api/v1/logs/ingest", "/api/ingest/batch"]) {
      const res = await post(url, body);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejections).toEqual([]);
  });

  it("refuses objects with too many keys and strings that are too long", async () => {
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    const res = await post("/api/v1/logs/ingest", { source_type: "generic", metadata: wide });
    expect(res.statusCode).toBe(422);
    expect(res.json().details[0]).toMatchObject({ field: "metadata", type: "keys" });
    const long = await post("/api/v1/logs/ingest", {
      source_type: "generic",
      raw_log: "x".repeat(2_000_000),
    });
    expect(long.statusCode).toBe(413);
    expect(long.json().details[0]).toMatchObject({ field: "raw_log", type: "string_length" });
  });

  it("answers 4xx, never 500, to NUL bytes and invalid values in every filter", async () => {
    const analyst = await t.as("admin");
    const urls = [
      "/api/v1/logs?hostname=a%00b",
      "/api/v1/logs?username=%00",
      "/api/v1/logs/search?q=a%00b",
      "/api/v1/logs/search?q=scenario_run_id%3Anow",
      "/api/v1/logs/pivot?ip=%00",
      "/api/v1/alerts?site_id=%00",
      "/api/v1/audit?action=%00",
      "/api/v1/admin/users?q=%00",
      "/api/v1/sites/%00",
      "/api/v1/logs/%00",
      "/api/events?search=%00",
    ];
    for (const url of urls) {
      const res = await t.app.inject({ url, headers: analyst });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
  });

  it("answers 4xx to NUL bytes in the login username and a rule name", async () => {
    const login = await post("/api/v1/auth/login", { username: "ad\u0000min", password: "x" }, {});
    expect(login.statusCode).toBe(422);
    expect(login.json().details[0]).toMatchObject({ field: "username", type: "nul" });
    const headers = await t.as("admin");
    const rules = (await t.app.inject({ url: "/api/v1/rules", headers })).json();
    const id = (rules.items ?? rules)[0].id;
    const update = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/rules/${id}`,
      headers,
      payload: { name: "bad\u0000name" },
    });
    expect(update.statusCode).toBe(422);
  });

  it("answers 400 to an AudioSOC severity that is an object", async () => {
    const event = { source: "auth", event_type: "login", description: "d" };
    for (const severity of [{ toString: 1 }, { valueOf: 1, toString: 1 }, [1, 2]]) {
      const res = await post("/api/ingest", { ...event, severity });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatch(/^Invalid severity/);
    }
  });
});
