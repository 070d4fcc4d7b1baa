import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute, 30)).toISOString();
// 3 events at 10:00, 2 at 10:10 (one high), 1 at 10:45, on two sites.
const EVENTS = [0, 0, 0, 10, 10, 45].map((minute, i) => ({
  source_type: "auth",
  event_type: i === 3 ? "login_failure" : "login_success",
  severity: i === 3 ? "high" : "low",
  site_id: i % 2 ? "AUDIO_001" : "AUDIO_002",
  username: `histo${i}`,
  message: `histogram event ${i}`,
  timestamp: at(minute),
}));

describe("event histogram", () => {
  let t: TestApp;
  let analyst: { authorization: string };
  const histogram = (query: string) =>
    t.app.inject({ url: `/api/v1/logs/histogram?${query}`, headers: analyst });
  const window = `from=${encodeURIComponent("2026-11-20T10:00:00Z")}&to=${encodeURIComponent("2026-11-20T11:00:00Z")}`;

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650" });
    analyst = await t.as("analyst");
    await t.ingest(EVENTS);
  });
  afterAll(() => t.close());

  it("needs a signed-in user", async () => {
    expect((await t.app.inject({ url: "/api/v1/logs/histogram" })).statusCode).toBe(401);
  });

  it("counts the events of a one-hour window per minute, empty minutes included", async () => {
    const res = await histogram(window);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ interval_ms: 60_000, total: 6 });
    expect(body.buckets).toHaveLength(61);
    const nonEmpty = body.buckets.filter((b: { count: number }) => b.count > 0);
    expect(nonEmpty).toEqual([
      { start: "2026-11-20T10:00:00.000Z", count: 3 },
      { start: "2026-11-20T10:10:00.000Z", count: 2 },
      { start: "2026-11-20T10:45:00.000Z", count: 1 },
    ]);
  });

  it("applies exactly the list's filters and search", async () => {
    const filtered = (await histogram(`${window}&site_id=AUDIO_001&severity=low`)).json();
    expect(filtered.total).toBe(2);
    const searched = (
      await histogram(`${window}&q=${encodeURIComponent("event_type:login_failure")}`)
    ).json();
    expect(searched.total).toBe(1);
    expect(searched.buckets.find((b: { count: number }) => b.count)).toEqual({
      start: "2026-11-20T10:10:00.000Z",
      count: 1,
    });
    const text = (await histogram(`${window}&q=histo4`)).json();
    expect(text.total).toBe(1);
    const list = await t.app.inject({
      url: `/api/v1/logs?${window}&site_id=AUDIO_001&severity=low`,
      headers: analyst,
    });
    expect(list.json().total).toBe(filtered.total);
  });

  it("without from, starts at the oldest match and picks the bucket size from that window", async () => {
    const body = (await histogram(`to=${encodeURIComponent("2026-11-20T12:00:00Z")}&q=histo*`)).json();
    expect(body.from).toBe("2026-11-20T10:00:30.000Z");
    expect(body.interval_ms).toBe(2 * 60_000);
    expect(body.total).toBe(6);
  });

  it("refuses bad parameters with a 422 naming the field", async () => {
    const reversed = await histogram(
      `from=${encodeURIComponent("2026-11-20T11:00:00Z")}&to=${encodeURIComponent("2026-11-20T10:00:00Z")}`,
    );
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().details[0].field).toBe("from");
    const badTime = await histogram("from=yesterday");
    expect(badTime.statusCode).toBe(422);
    expect(JSON.stringify(badTime.json().details)).toContain("from");
    const badQuery = await histogram(`q=${encodeURIComponent("severity:(")}`);
    expect(badQuery.statusCode).toBe(422);
    expect(badQuery.json().details[0]).toMatchObject({ field: "q", type: "query_syntax" });
  });
});
