import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRetention } from "../src/ingest/retention.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

describe("retention", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("drops whole days older than the retention and forgets them in the dashboards", async () => {
    const now = new Date();
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
    const events = [40, 31, 29, 1].map((n) => ({
      source_type: "generic",
      message: `age ${n}`,
      timestamp: daysAgo(n),
    }));
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/batch",
      headers: t.ingestHeaders,
      payload: { events },
    });
    expect(res.json().created).toBe(4);
    const analyst = await t.as("analyst");
    expect((await t.app.inject({ url: "/api/v1/dashboard", headers: analyst })).json().total_events).toBe(4);

    const dropped = await applyRetention(t.ctx.db, 30, now);
    expect(dropped).toHaveLength(2);
    const left = (await t.app.inject({ url: "/api/v1/logs", headers: analyst })).json();
    expect(left.items.map((e: { message: string }) => e.message).sort()).toEqual(["age 1", "age 29"]);
    expect((await t.app.inject({ url: "/api/v1/dashboard", headers: analyst })).json().total_events).toBe(2);
    expect(await applyRetention(t.ctx.db, 30, now)).toEqual([]);
  });
});
