import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startActionWorker } from "../src/detection/actions/worker.ts";
import { evaluators } from "../src/detection/evaluators/index.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers, eventually } from "./support/detection.ts";

const rule = (name: string, event_type: string, actions: unknown[] = []) => ({
  name,
  rule_type: "threshold",
  severity: "high",
  conditions: { event_filter: { event_type }, threshold: 1, window_seconds: 60, group_by: "hostname" },
  actions,
});

/** The value of one sample of the Prometheus text, or undefined when absent. */
function sample(body: string, series: string): number | undefined {
  const line = body.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("detection on /metrics", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  // A receiver that refuses every delivery for good (410), so the attempt is counted as failed.
  const receiver: Server = createServer((_request, response) => response.writeHead(410).end());
  let hookUrl: string;
  const scrape = () => t.scrape();

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    t = await startTestApp({ VIGIE_RATE_LIMIT_API: "0" });
    h = detectionHelpers(t);
    await t.ctx.engine.start();
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("reports the engine's counters and the evaluation time of each batch", async () => {
    const before = await scrape();
    expect(sample(before, 'vigie_detection_engine{stat="enabled_rules"}')).toBe(t.ctx.engine.ruleCount);
    expect(sample(before, "vigie_detection_batch_evaluation_seconds_count")).toBe(0);
    await h.createRule(rule("Metrics rule", "metrics_probe"));
    await h.ingest([
      { source_type: "endpoint", event_type: "metrics_probe", hostname: "ws-m1" },
      { source_type: "endpoint", event_type: "metrics_probe", hostname: "ws-m2" },
    ]);
    await h.ingest([{ source_type: "endpoint", event_type: "other", hostname: "ws-m3" }]);
    await h.settle();
    const after = await scrape();
    expect(sample(after, 'vigie_detection_engine{stat="events"}')).toBe(3);
    expect(sample(after, 'vigie_detection_engine{stat="firings"}')).toBe(2);
    expect(sample(after, 'vigie_detection_engine{stat="evaluations"}')).toBe(3 * t.ctx.engine.ruleCount);
    expect(sample(after, 'vigie_detection_engine{stat="queued_events"}')).toBe(0);
    expect(sample(after, "vigie_detection_batch_evaluation_seconds_count")).toBe(2);
    expect(sample(after, 'vigie_detection_batch_evaluation_seconds_bucket{le="+Inf"}')).toBe(2);
    const busySeconds = (sample(after, 'vigie_detection_engine{stat="busy_ms"}') ?? 0) / 1000;
    expect(sample(after, "vigie_detection_batch_evaluation_seconds_sum")).toBeCloseTo(busySeconds, 6);
  });

  it("counts rules disabled for failing", async () => {
    const original = evaluators.threshold.compile;
    // The first compile is the API's check when the rule is created; the engine's own compile then fails.
    let probes = 0;
    const spy = vi.spyOn(evaluators.threshold, "compile").mockImplementation((compiled) => {
      const filter = compiled.conditions.event_filter as Record<string, unknown>;
      if (filter.event_type === "failing_probe" && ++probes > 1) throw new Error("cannot compile");
      return original(compiled);
    });
    try {
      await h.createRule(rule("Failing rule", "failing_probe"));
      await h.settle();
    } finally {
      spy.mockRestore();
    }
    expect(sample(await scrape(), 'vigie_detection_engine{stat="rule_failures"}')).toBe(1);
  });

  it("reports pending action jobs, then the failed delivery once a worker runs them", async () => {
    expect(sample(await scrape(), 'vigie_alert_action_jobs{state="pending"}')).toBe(0);
    await h.createRule(
      rule("Queued hook", "queued_probe", [{ type: "webhook", config: { url: `${hookUrl}/x` } }]),
    );
    await h.ingest([{ source_type: "endpoint", event_type: "queued_probe", hostname: "ws-q1" }]);
    await h.settle();
    const queued = await scrape();
    expect(sample(queued, 'vigie_alert_action_jobs{state="pending"}')).toBe(1);
    expect(sample(queued, 'vigie_alert_action_jobs{state="failed"}')).toBe(0);

    await startActionWorker(t.ctx);
    const done = await eventually(async () => {
      const body = await scrape();
      return sample(body, 'vigie_alert_action_attempts_total{type="webhook",outcome="failed"}') === 1
        ? body
        : null;
    }, 10_000);
    expect(sample(done, 'vigie_alert_action_jobs{state="pending"}')).toBe(0);
  });
});
