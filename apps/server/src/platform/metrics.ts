import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The process's Prometheus registry and the metrics the ingest path updates. */
export interface Metrics {
  registry: Registry;
  /** The registry in Prometheus text format, as `GET /metrics` serves it. */
  exposition(): Promise<string>;
  ingestEvents: Counter<"receiver" | "outcome">;
  ingestDuration: Histogram<"receiver">;
  /** Registers a gauge whose value is read at scrape time (queue depths, connected clients…). */
  gauge(name: string, help: string, read: () => number | Promise<number>): void;
  /** Registers one gauge per entry of a nested object of numbers, labelled by its dotted path. */
  statsGauge(name: string, help: string, read: () => object | null): void;
}

function flatten(value: unknown, prefix: string, out: Record<string, number>): Record<string, number> {
  if (typeof value === "number") out[prefix] = value;
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

const PREFIX = "vigie_";

/**
 * prom-client's default gauges named like counters (promtool refuses `_total` on a gauge); the same
 * figures stay available by type as `vigie_nodejs_active_handles` etc. (sum them for the total).
 */
const GAUGES_NAMED_AS_COUNTERS = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
];

/** Creates a registry with Node's default process metrics and Vigie's ingest metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  for (const name of GAUGES_NAMED_AS_COUNTERS) registry.removeSingleMetric(PREFIX + name);
  return {
    registry,
    // prom-client writes a NaN value as "Nan", which the text format does not know ("NaN"): the event
    // loop lag gauges are NaN until their first sample, so a scrape right after start failed promtool.
    exposition: async () => (await registry.metrics()).replace(/ Nan$/gm, " NaN"),
    ingestEvents: new Counter({
      name: "vigie_ingest_events_total",
      help: "Records submitted to the ingest pipeline, by receiver and outcome (accepted, rejected)",
      labelNames: ["receiver", "outcome"],
      registers: [registry],
    }),
    ingestDuration: new Histogram({
      name: "vigie_ingest_duration_seconds",
      help: "Time from submission to commit of one ingest call, by receiver",
      labelNames: ["receiver"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    gauge(name, help, read) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await read());
        },
      });
    },
    statsGauge(name, help, read) {
      new Gauge({
        name,
        help,
        labelNames: ["stat"],
        registers: [registry],
        collect() {
          this.reset();
          for (const [stat, value] of Object.entries(flatten(read(), "", {}))) this.set({ stat }, value);
        },
      });
    },
  };
}
