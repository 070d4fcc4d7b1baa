import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionAttemptCounter } from "../src/detection/metrics.ts";
import { type SyslogIngest, startSyslog } from "../src/ingest/syslog/start.ts";
import { METRICS_TOKEN, startTestApp, type TestApp } from "./support/app.ts";
import { checkMetrics } from "./support/prometheus-lint.ts";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe("GET /metrics", () => {
  let t: TestApp;
  let syslog: SyslogIngest | null = null;
  beforeAll(async () => {
    // Syslog and a worker counter too, so every family Vigie can publish is on the page.
    t = await startTestApp({ VIGIE_SYSLOG_TCP_PORT: String(await freePort()) });
    syslog = await startSyslog(t.ctx);
    await t.ctx.engine.start();
    actionAttemptCounter(t.ctx.metrics)("webhook", "delivered");
  });
  afterAll(async () => {
    await syslog?.close();
    await t.close();
  });

  it("reports ingest counts by receiver and outcome, latency and queue depth in Prometheus text", async () => {
    await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/batch",
      headers: t.ingestHeaders,
      payload: { events: [{ source_type: "generic" }, { source_type: "generic" }, { source_type: "?" }] },
    });
    const res = await t.app.inject({ url: "/metrics", headers: t.metricsHeaders });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.body).toContain('vigie_ingest_events_total{receiver="http",outcome="accepted"} 2');
    expect(res.body).toContain('vigie_ingest_events_total{receiver="http",outcome="rejected"} 1');
    expect(res.body).toMatch(/vigie_ingest_duration_seconds_count\{receiver="http"\} 1/);
    expect(res.body).toMatch(/^vigie_ingest_queue_rows 0$/m);
    expect(res.body).toContain("vigie_process_resident_memory_bytes");
  });

  it("reports the embedded engine's WebAssembly memory and thread heap in embedded mode only", async () => {
    const body = await t.scrape();
    const wasm = Number(body.match(/^vigie_embedded_wasm_memory_bytes (\d+)$/m)?.[1]);
    const heap = Number(body.match(/^vigie_embedded_worker_heap_bytes (\d+)$/m)?.[1]);
    if (t.ctx.db.mode === "postgres") {
      expect(body).not.toContain("vigie_embedded_");
      return;
    }
    // 32 MB of shared buffers live in that memory: it is more than them, and far below initdb's peak.
    expect(wasm).toBeGreaterThan(32 * 1048576);
    expect(wasm).toBeLessThan(512 * 1048576);
    expect(heap).toBeGreaterThan(0);
  });

  it("passes promtool's format and lint rules, with every family Vigie publishes on the page", async () => {
    const body = await t.scrape();
    for (const family of ["vigie_syslog", "vigie_detection_engine", "vigie_alert_action_attempts_total"])
      expect(body).toContain(`# TYPE ${family} `);
    expect(body).toContain("# TYPE vigie_nodejs_active_handles gauge");
    expect(checkMetrics(body)).toEqual([]);
  });

  it("answers only the scraper's bearer token", async () => {
    const status = async (headers: Record<string, string>) =>
      (await t.app.inject({ url: "/metrics", headers })).statusCode;
    expect(await status({})).toBe(401);
    expect(await status({ authorization: `Bearer ${METRICS_TOKEN}x` })).toBe(401);
    expect(await status({ authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` })).toBe(401);
    expect(await status({ "x-vigie-token": METRICS_TOKEN })).toBe(401);
    expect(await status({ authorization: `Bearer ${await t.tokenFor("admin")}` })).toBe(401);
    expect(await status(t.ingestHeaders)).toBe(401);
    expect(await status(t.metricsHeaders)).toBe(200);
    // The scraper's token opens nothing else.
    const other = await t.app.inject({ url: "/api/v1/sites", headers: t.metricsHeaders });
    expect(other.statusCode).toBe(401);
  });
});

describe("GET /metrics without VIGIE_METRICS_TOKEN", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_METRICS_TOKEN: "" });
  });
  afterAll(() => t.close());

  it("answers 404 like an unknown path, whatever the caller sends", async () => {
    for (const headers of [{}, t.metricsHeaders, await t.as("admin")]) {
      const res = await t.app.inject({ url: "/metrics", headers });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: "NotFound", message: "Endpoint not found" });
    }
  });
});

describe("the promtool rules of checkMetrics", () => {
  it("finds each kind of problem promtool reports", () => {
    const bad = [
      "# HELP http_requests Requests.",
      "# TYPE http_requests counter",
      "http_requests 1",
      "# TYPE queue_total gauge",
      "queue_total 3",
      "# HELP latency_milliseconds Latency.",
      "# TYPE latency_milliseconds gauge",
      "latency_milliseconds 2",
      "# HELP size_kb Size.",
      "# TYPE size_kb gauge",
      "size_kb 2",
      "# HELP jobs_gauge Jobs.",
      "# TYPE jobs_gauge gauge",
      "jobs_gauge 1",
      "# HELP bad:name Colon.",
      "# TYPE bad:name gauge",
      "bad:name 1",
      "# HELP cpuUsage Camel.",
      "# TYPE cpuUsage gauge",
      'cpuUsage{coreId="1"} 1',
      "# HELP twice One.",
      "# HELP twice Two.",
      "# TYPE twice gauge",
      "twice 1",
      "twice 2",
      "# HELP late Late type.",
      "late 1",
      "# TYPE late gauge",
      "# HELP wait_seconds Waits.",
      "# TYPE wait_seconds histogram",
      'wait_seconds_bucket{le="1"} 5',
      'wait_seconds_bucket{le="2"} 4',
      "wait_seconds_sum 3",
      "wait_seconds_count 4",
      "# HELP split Split.",
      "# TYPE split gauge",
      'split{a="1"} 1',
      "other_without_help 1",
      'split{a="2"} 1',
      'weird{a="x\\q"} abc',
    ].join("\n");
    const problems = checkMetrics(bad).join("\n");
    for (const expected of [
      'http_requests: counter metrics should have "_total" suffix',
      'queue_total: non-counter metrics should not have "_total" suffix',
      "queue_total: no help text",
      'latency_milliseconds: use base unit "seconds" instead of "milliseconds"',
      "size_kb: metric names should not contain abbreviated units",
      "jobs_gauge: metric name should not include type 'gauge'",
      "bad:name: metric names should not contain ':'",
      "cpuUsage: metric names should be written in 'snake_case' not 'camelCase'",
      "cpuUsage: label names should be written in 'snake_case'",
      "twice: second HELP line",
      "twice: duplicate series twice{}",
      "late: TYPE after its samples",
      "wait_seconds: no +Inf bucket",
      "wait_seconds: buckets are not cumulative",
      "split: its lines are not grouped together",
      'invalid escape in label "a"',
      'invalid value "abc"',
    ])
      expect(problems).toContain(expected);
  });

  it("accepts a clean exposition", () => {
    const good = [
      "# HELP jobs_processed_total Jobs done.",
      "# TYPE jobs_processed_total counter",
      'jobs_processed_total{queue="mail",path="a\\\\b \\"c\\""} 3',
      "# HELP wait_seconds Waits.",
      "# TYPE wait_seconds histogram",
      'wait_seconds_bucket{le="0.5"} 1',
      'wait_seconds_bucket{le="+Inf"} 2',
      "wait_seconds_sum 1.5",
      "wait_seconds_count 2",
      "# HELP temperature_celsius Heat.",
      "# TYPE temperature_celsius gauge",
      "temperature_celsius -3.5e0",
      "",
    ].join("\n");
    expect(checkMetrics(good)).toEqual([]);
  });
});
