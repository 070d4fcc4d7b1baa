import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../src/modules/logs/export/formats.ts";
import { startTestApp, type TestApp } from "./support/app.ts";

const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString();
const EVENTS = Array.from({ length: 2_500 }, (_, i) => ({
  source_type: "auth",
  event_type: i % 2 ? "login_failure" : "login_success",
  site_id: i % 3 ? "AUDIO_001" : "AUDIO_002",
  username: `user${i}`,
  message: i === 7 ? '=HYPERLINK("http://evil.example","x"), "quoted"\nline' : `event ${i}`,
  timestamp: at(i),
}));

describe("event export", () => {
  let t: TestApp;
  let supervisor: { authorization: string };
  const exportOf = (query: string, headers: { authorization: string } = supervisor) =>
    t.app.inject({ url: `/api/v1/logs/export?${query}`, headers });

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650" });
    supervisor = await t.as("supervisor");
    await t.ingest(EVENTS);
  });
  afterAll(() => t.close());

  it("is for supervisors and admins (CONTRACT §9), and is audited", async () => {
    expect((await exportOf("format=csv", await t.as("analyst"))).statusCode).toBe(403);
    expect((await exportOf("format=csv")).statusCode).toBe(200);
    const audit = await t.app.inject({
      url: "/api/v1/audit?action=events.exported",
      headers: await t.as("admin"),
    });
    expect(audit.json().items[0]).toMatchObject({
      action: "events.exported",
      details: { format: "csv", rows: 2_500 },
    });
  });

  it("writes every matching event as CSV across read chunks, newest first, formulas neutralised", async () => {
    const res = await exportOf("format=csv&q=event_type:login_failure");
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.headers["content-disposition"]).toMatch(/attachment; filename="vigie-events-.*\.csv"/);
    expect(res.headers["x-vigie-export-rows"]).toBe("1250");
    const lines = res.body.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^timestamp,site_id,severity,/);
    expect(lines).toHaveLength(1 + 1_250);
    expect(lines[1]).toContain(at(2_499));
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x""), ""quoted""\nline"`);
  });

  it("writes JSON and NDJSON with the list's filters, and says in the file when the limit cut it", async () => {
    const json = await exportOf("format=json&site_id=AUDIO_002&limit=100");
    expect(json.headers["x-vigie-export-truncated"]).toBe("true");
    const body = json.json();
    expect(body).toMatchObject({ truncated: true, limit: 100 });
    expect(body.events).toHaveLength(100);
    expect(body.events.every((e: { site_id: string }) => e.site_id === "AUDIO_002")).toBe(true);
    const nd = await exportOf("format=ndjson&q=user42");
    const rows = nd.body
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([expect.objectContaining({ username: "user42" })]);
    expect(nd.headers["x-vigie-export-truncated"]).toBe("false");
  });

  it("compresses API answers over 1 KB for clients that accept it", async () => {
    const res = await t.app.inject({
      url: "/api/v1/logs?per_page=100",
      headers: { ...supervisor, "accept-encoding": "gzip" },
    });
    expect(res.headers["content-encoding"]).toBe("gzip");
    const plain = await t.app.inject({ url: "/api/v1/logs?per_page=100", headers: supervisor });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(res.rawPayload.length * 3).toBeLessThan(plain.rawPayload.length);
  });

  it("refuses a bad format, limit or query with a 422", async () => {
    for (const q of ["format=xlsx", "limit=0", "limit=1000001", "q=severity:urgent"])
      expect((await exportOf(q)).statusCode, q).toBe(422);
  });

  it("quotes CSV cells only when needed and turns formula starts into text", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell({ k: "v" })).toBe('"{""k"":""v""}"');
  });
});
