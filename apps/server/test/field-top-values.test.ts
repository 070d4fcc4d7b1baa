import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topValues } from "../src/modules/logs/fields/top-values.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();
const event = (minute: number, fields: Record<string, unknown>) => ({
  source_type: "auth",
  event_type: "login_failure",
  severity: "medium",
  site_id: "AUDIO_007",
  message: "Failed password",
  timestamp: at(minute),
  ...fields,
});

/** Known counts: alice ×3, bob ×2, carol ×1 (on another site), one event without a user. */
const EVENTS = [
  event(0, { username: "alice", metadata: { agent: "a1" } }),
  event(1, { username: "alice", metadata: { agent: "a1" } }),
  event(2, { username: "alice", severity: "high", metadata: { agent: "a2" } }),
  event(3, { username: "bob", service: "sshd" }),
  event(4, { username: "bob", service: "sshd" }),
  event(5, { username: "carol", site_id: "AUDIO_008", service: "sshd" }),
  event(6, { source_type: "firewall", event_type: "firewall_deny", message: "deny tcp" }),
];

describe("the top values of a field (GET /logs/fields/:field/top)", () => {
  let t: TestApp;
  let analyst: { authorization: string };
  const top = (field: string, query = "") =>
    t.app.inject({ url: `/api/v1/logs/fields/${encodeURIComponent(field)}/top?${query}`, headers: analyst });

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650" });
    analyst = await t.as("analyst");
    await t.ingest(EVENTS);
  });
  afterAll(() => t.close());

  it("counts each value over the matching events, most frequent first", async () => {
    const res = await top("username");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      field: "username",
      values: [
        { value: "alice", count: 3 },
        { value: "bob", count: 2 },
        { value: "carol", count: 1 },
      ],
      events: EVENTS.length,
      sampled: false,
      sample_size: 5000,
    });
  });

  it("applies the list's filters, the search text and the time range", async () => {
    expect((await top("username", "site_id=AUDIO_008")).json().values).toEqual([
      { value: "carol", count: 1 },
    ]);
    expect((await top("username", "severity=medium&limit=1")).json().values).toEqual([
      { value: "alice", count: 2 },
    ]);
    const q = (await top("username", `q=${encodeURIComponent("service:sshd NOT username:carol")}`)).json();
    expect(q).toMatchObject({ values: [{ value: "bob", count: 2 }], events: 2 });
    const text = (await top("source_type", "q=deny")).json();
    expect(text.values).toEqual([{ value: "firewall", count: 1 }]);
    const window = (await top("username", `from=${at(2)}&to=${at(4)}`)).json();
    expect(window.values).toEqual([
      { value: "bob", count: 2 },
      { value: "alice", count: 1 },
    ]);
  });

  it("reads normalized.* and metadata.* keys and the source's own fields", async () => {
    expect((await top("metadata.agent")).json().values).toEqual([
      { value: "a1", count: 2 },
      { value: "a2", count: 1 },
    ]);
    expect((await top("normalized.service")).json().values).toEqual([{ value: "sshd", count: 3 }]);
  });

  it("looks at the newest events only past the sample size, and says so", async () => {
    const sample = await topValues(t.ctx.db, { equals: {} }, "username", "username", 10, 4);
    expect(sample).toEqual({
      field: "username",
      // The 4 newest: minutes 6 (no user), 5, 4, 3.
      values: [
        { value: "bob", count: 2 },
        { value: "carol", count: 1 },
      ],
      events: 4,
      sampled: true,
      sample_size: 4,
    });
  });

  it("answers a field that has no values, a bad limit or a malformed query with a 422 naming it", async () => {
    for (const field of ["alert", "raw.x", "nope.x", "normalized.a b", "metadata."]) {
      const res = await top(field);
      expect(res.statusCode, field).toBe(422);
      expect(res.json().details[0].field).toBe("field");
    }
    const limit = await top("username", "limit=51");
    expect(limit.statusCode).toBe(422);
    expect(JSON.stringify(limit.json().details)).toContain("limit");
    const q = await top("username", "q=%28username%3Abob");
    expect(q.statusCode).toBe(422);
    expect(q.json().details[0]).toMatchObject({ field: "q", type: "query_syntax" });
  });

  it("needs a signed-in user, as the list does, and lists the searchable fields", async () => {
    const anonymous = await t.app.inject({ url: "/api/v1/logs/fields/username/top" });
    expect(anonymous.statusCode).toBe(401);
    const fields = await t.app.inject({ url: "/api/v1/logs/fields", headers: analyst });
    expect(fields.statusCode).toBe(200);
    const names = fields.json().fields.map((f: { name: string }) => f.name);
    expect(names).toEqual(expect.arrayContaining(["username", "severity", "source_country"]));
    expect(names).not.toContain("alert");
    expect(fields.json().fields.find((f: { name: string }) => f.name === "severity").values).toContain(
      "high",
    );
  });
});
