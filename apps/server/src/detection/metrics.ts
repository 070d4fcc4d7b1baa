import type { RuleActionType } from "@vigie/contracts";
import { Counter, Gauge, Histogram } from "prom-client";
import { ALERT_ACTIONS_QUEUE } from "../modules/alerts/alerts.service.ts";
import type { JobQueue } from "../platform/jobs/job-queue.ts";
import type { Metrics } from "../platform/metrics.ts";
import type { DetectionEngine } from "./engine.ts";

/** Per-batch evaluation times: a batch is one ingest commit, from a few events to a few thousand. */
const BATCH_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Publishes detection on /metrics: the engine's counters (events, evaluations, firings, rule failures,
 * busy time, queued events, enabled rules), the evaluation time of each batch, and the depth of the
 * alert actions queue (read from the database at scrape time).
 */
export function registerDetectionMetrics(metrics: Metrics, engine: DetectionEngine, jobs: JobQueue): void {
  metrics.statsGauge("vigie_detection_engine", "Detection engine counters since start, by stat", () => ({
    ...engine.stats,
    queued_events: engine.queued,
    enabled_rules: engine.ruleCount,
  }));
  const batchSeconds = new Histogram({
    name: "vigie_detection_batch_evaluation_seconds",
    help: "Time the engine spent evaluating every enabled rule on one ingested batch",
    buckets: BATCH_SECONDS_BUCKETS,
    registers: [metrics.registry],
  });
  engine.onBatch((seconds) => batchSeconds.observe(seconds));
  new Gauge({
    name: "vigie_alert_action_jobs",
    help: "Alert action deliveries in the job queue, by state (pending, retrying, active, failed)",
    labelNames: ["state"],
    registers: [metrics.registry],
    async collect() {
      // A scrape while the database is unreachable shows no value rather than failing the whole page.
      // Deliveries that failed for good complete their job: `vigie_alert_action_attempts_total` counts them.
      const counts = await jobs.counts(ALERT_ACTIONS_QUEUE).catch(() => null);
      this.reset();
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
    },
  });
}

const ATTEMPTS = "vigie_alert_action_attempts_total";

/** Counts an action delivery attempt by type and outcome (`delivered`, `retrying`, `failed`). */
export type AttemptCounter = (type: RuleActionType, outcome: "delivered" | "retrying" | "failed") => void;

/**
 * The delivery attempts counter of this registry (created by the first worker that asks): failed
 * deliveries are done with as far as the queue is concerned, so this is where they show.
 */
export function actionAttemptCounter(metrics: Metrics): AttemptCounter {
  const counter =
    (metrics.registry.getSingleMetric(ATTEMPTS) as Counter<"type" | "outcome"> | undefined) ??
    new Counter({
      name: ATTEMPTS,
      help: "Alert action delivery attempts on this node, by action type and outcome",
      labelNames: ["type", "outcome"],
      registers: [metrics.registry],
    });
  return (type, outcome) => counter.inc({ type, outcome });
}
