import type { SearchToRule } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers } from "./support/detection.ts";

const Q =
  '(username:alice OR username:bob) source_ip:10.7.0.0/16 dest_port>=1024 NOT hostname:ws-9* "failed password"';
const FILTERS = { site_id: "AUDIO_004", severity: "high", range: "24h" };

/** An event the search finds, and variations of it that each break one part of the search. */
const FOUND = {
  source_type: "auth",
  event_type: "login_failure",
  site_id: "AUDIO_004",
  severity: "high",
  username: "Alice",
  source_ip: "10.7.3.4",
  dest_port: 2222,
  hostname: "ws-1",
  message: "Failed password for alice from 10.7.3.4",
};
const MISSED = [
  { ...FOUND, hostname: "ws-97" },
  { ...FOUND, site_id: "AUDIO_005" },
  { ...FOUND, source_ip: "10.8.0.1" },
  { ...FOUND, dest_port: 22 },
  { ...FOUND, username: "carol" },
  { ...FOUND, severity: "medium" },
  { ...FOUND, message: "Accepted password for alice" },
];

describe("search → rule: the rule made from a search fires on what the search finds, not on the rest", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  let analyst: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
    analyst = await t.as("analyst");
    await t.ctx.engine.start();
  });
  afterAll(() => t.close());

  const convert = (body: object) => t.call("POST", "/api/v1/logs/query/to-rule", analyst, body);

  it("converts, creates the rule, and the rule's alerts hold exactly the events the search finds", async () => {
    const res = await convert({ q: Q, filters: FILTERS });
    expect(res.statusCode, res.body).toBe(200);
    const converted = res.json() as SearchToRule;
    expect(converted.notes).toContainEqual({ part: "range=24h", effect: "dropped", reason: "time" });
    const rule = await h.createRule({
      name: "From a search",
      rule_type: "threshold",
      severity: "high",
      conditions: { event_filter: converted.event_filter, threshold: 1, window_seconds: 60, group_by: "" },
    });

    const [found] = await h.ingest([FOUND, ...MISSED]);
    await h.settle();

    const search = await t.call(
      "GET",
      `/api/v1/logs?q=${encodeURIComponent(Q)}&site_id=AUDIO_004&severity=high`,
      analyst,
    );
    expect(search.json().items.map((e: { id: string }) => e.id)).toEqual([found]);

    const alerts = await h.alerts(`?rule_id=${rule.id}`);
    const matched = alerts.items.flatMap((a: { matched_event_ids: string[] }) => a.matched_event_ids);
    expect(matched).toEqual([found]);
  });

  it("an unreadable search is the search's own 422, with its position; bad filters name the field", async () => {
    const syntax = await convert({ q: "username:bob AND" });
    expect(syntax.statusCode).toBe(422);
    expect(syntax.json().details[0]).toMatchObject({ field: "q", type: "query_syntax", position: 16 });
    const value = await convert({ q: "source_ip:10.7.0.0/99x" });
    expect(value.statusCode).toBe(422);
    expect(value.json().details[0]).toMatchObject({ field: "q", position: 0 });
    const filters = await convert({ filters: { severity: "urgent" } });
    expect(filters.statusCode).toBe(422);
    expect(filters.json().details[0].field).toBe("filters.severity");
  });

  it("no search at all is a filter that takes every event", async () => {
    const res = await convert({});
    expect(res.json()).toEqual({ event_filter: { all: [] }, notes: [] });
  });
});
