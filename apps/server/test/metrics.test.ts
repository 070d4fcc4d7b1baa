import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

describe("GET /metrics", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("reports ingest counts by receiver and outcome, latency and queue depth in Prometheus text", async () => {
    await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/batch",
      headers: t.ingestHeaders,
      payload: { events: [{ source_type: "generic" }, { source_type: "generic" }, { source_type: "?" }] },
    });
    const res = await t.app.inject({ url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.body).toContain('vigie_ingest_events_total{receiver="http",outcome="accepted"} 2');
    expect(res.body).toContain('vigie_ingest_events_total{receiver="http",outcome="rejected"} 1');
    expect(res.body).toMatch(/vigie_ingest_duration_seconds_count\{receiver="http"\} 1/);
    expect(res.body).toMatch(/^vigie_ingest_queue_rows 0$/m);
    expect(res.body).toContain("vigie_process_resident_memory_bytes");
  });
});
