/**
 * `npm run bench:ingest [-- --events 100000] [--sigma windows,linux,network,web]`: HTTP batch ingest
 * (1,000 per request, 4 in flight) into embedded and PostgreSQL mode, single-event requests per second,
 * and the baselines of the same rows into a table with the same indexes: plain COPY, and one INSERT per
 * event (the seeds' design). With `--sigma`, a third run on PostgreSQL with SigmaHQ's rules of those
 * products installed and enabled beside the default rules (the shipped pack, `installSigmaPack`).
 * `--modes embedded` (or `postgres`) runs one storage mode only (the COPY baselines need `postgres`).
 * `--start node,npm` measures embedded mode started both ways (`StartCommand`: `node scripts/start.mjs`
 * alone, then `npm start`'s command with its allocator setting), for the memory comparison.
 * With `--enrichment`, only batch ingest on PostgreSQL with `VIGIE_ENRICHMENT` off and on, alternating
 * (two rounds, a fresh database each), outside addresses made public and site networks set.
 * `--enrichment --indicators 100000` compares enrichment on with that many threat indicators imported
 * (20 of them addresses the events carry) against enrichment on with none, the same way.
 */
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { EVENT_COLUMNS } from "../apps/server/src/ingest/event-row.ts";
import { prepareEvent } from "../apps/server/src/ingest/prepare.ts";
import { createEventFactory } from "../tools/generator/factory.ts";
import { createRandom } from "../tools/generator/random.ts";
import { siteIds } from "../tools/generator/sites.ts";
import { setSiteNetworks, withPublicAddresses } from "./support/enrichment.ts";
import { importIndicators, indicatorList } from "./support/indicators.ts";
import {
  BENCH_PG_URL,
  type BenchServer,
  benchDatabase,
  postBatches,
  type StartCommand,
  startBenchServer,
} from "./support/server.ts";
import { installSigmaPack } from "./support/sigma-rules.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    sigma: { type: "string" },
    modes: { type: "string", default: "embedded,postgres" },
    start: { type: "string", default: "npm" },
    enrichment: { type: "boolean", default: false },
    indicators: { type: "string" },
    pg: {
      type: "string",
      default: BENCH_PG_URL,
    },
  },
});
const TOTAL = Number(values.events);
const BATCH = 1_000;
const IN_FLIGHT = 4;
const sites = siteIds(30);
const factory = createEventFactory(createRandom(42), sites, () => new Date());
const generated = Array.from({ length: TOTAL }, () => factory.everyday());
const events = values.enrichment ? withPublicAddresses(generated, createRandom(7)) : generated;

async function sendBatches(server: BenchServer): Promise<number> {
  const batches: unknown[][] = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  const started = performance.now();
  await postBatches(server, batches, IN_FLIGHT);
  return TOTAL / ((performance.now() - started) / 1000);
}

async function singleEvents(url: string, token: string): Promise<number> {
  const result = await autocannon({
    url: `${url}/api/v1/logs/ingest`,
    method: "POST",
    connections: 32,
    duration: 10,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(events[0]),
  });
  if (result.non2xx) throw new Error(`${result.non2xx} single-event requests failed`);
  return result.requests.average;
}

async function measureMode(
  label: string,
  port: number,
  env: Record<string, string>,
  prepare?: (server: BenchServer) => Promise<unknown>,
  start: StartCommand = "npm",
) {
  const server = await startBenchServer(port, env, start);
  try {
    if (prepare) console.log(label, await prepare(server));
    const cpuBefore = server.cpuSeconds();
    const batchRate = await sendBatches(server);
    const indexSeconds = await searchCatchUp(server);
    // The server's CPU for storing, detecting and indexing the batches: comparable on a busy machine.
    const cpuPerThousand = ((server.cpuSeconds() - cpuBefore) / TOTAL) * 1000;
    const singleRate = await singleEvents(server.url, server.token);
    return {
      mode: label,
      batch_events_per_s: Math.round(batchRate),
      search_indexed_after_s: Number(indexSeconds.toFixed(1)),
      batch_cpu_ms_per_1k: Math.round(cpuPerThousand * 1000),
      single_req_per_s: Math.round(singleRate),
      peak_rss_mib: server.peakRssMiB(),
      ...memoryBreakdown(await server.scrape()),
    };
  } finally {
    await server.stop();
  }
}

/** Where the memory is at the end of a run: the main thread's V8 heap, and the embedded engine's parts. */
function memoryBreakdown(metrics: string) {
  const mib = (name: string) => {
    const bytes = Number(metrics.match(new RegExp(`^${name} (\\S+)`, "m"))?.[1]);
    return Number.isFinite(bytes) ? Math.round(bytes / 1048576) : "-";
  };
  return {
    main_heap_mib: mib("vigie_nodejs_heap_size_total_bytes"),
    wasm_mib: mib("vigie_embedded_wasm_memory_bytes"),
    db_thread_heap_mib: mib("vigie_embedded_worker_heap_bytes"),
  };
}

/** Seconds from the last acknowledged batch until the full-text index holds every event (search backlog 0). */
async function searchCatchUp(server: BenchServer): Promise<number> {
  const started = performance.now();
  for (;;) {
    const metrics = await server.scrape();
    const backlog = Number(metrics.match(/^vigie_search_backlog_events (\d+)/m)?.[1] ?? Number.NaN);
    if (backlog === 0) return (performance.now() - started) / 1000;
    if (Number.isNaN(backlog)) throw new Error("no vigie_search_backlog_events in /metrics");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The same rows, prepared by the real pipeline, loaded into a plain table with the same indexes. */
async function baselines(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = new Date();
    const rows = events.map((e) => {
      const p = prepareEvent(e, { receiver: "bench" }, now);
      if (!p.ok) throw new Error(p.error);
      return p.row;
    });
    await createBaselineTable(client);
    const csv = rows.map((r) => EVENT_COLUMNS.map((c) => csvField(r[c])).join(",")).join("\n");
    let started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(
        copyFrom(
          `COPY baseline (${EVENT_COLUMNS.map((c) => `"${c}"`).join(",")}) FROM STDIN WITH (FORMAT csv)`,
        ),
      );
      stream.on("finish", resolve).on("error", reject);
      stream.end(csv);
    });
    const copyRate = rows.length / ((performance.now() - started) / 1000);
    await client.query("TRUNCATE baseline");
    const sample = rows.slice(0, Math.min(10_000, rows.length));
    const insert = `INSERT INTO baseline (${EVENT_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES (${EVENT_COLUMNS.map((_, i) => `$${i + 1}`).join(",")})`;
    started = performance.now();
    for (const r of sample)
      await client.query(
        insert,
        EVENT_COLUMNS.map((c) =>
          typeof r[c] === "object" && r[c] !== null && !(r[c] instanceof Date) ? JSON.stringify(r[c]) : r[c],
        ),
      );
    const singleInsertRate = sample.length / ((performance.now() - started) / 1000);
    return {
      copy_rows_per_s: Math.round(copyRate),
      one_insert_per_event_rows_per_s: Math.round(singleInsertRate),
    };
  } finally {
    await client.query("DROP TABLE IF EXISTS baseline");
    await client.end();
  }
}

async function createBaselineTable(client: pg.Client): Promise<void> {
  // Same columns, generated search vector and indexes as `events` (migrated by the server run), unpartitioned.
  await client.query("CREATE TABLE baseline (LIKE events INCLUDING ALL)");
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

const INDICATORS = values.indicators ? Number(values.indicators) : 0;
// With --indicators: enrichment on without indicators, then with them; otherwise enrichment off, then on.
const VARIANTS = INDICATORS ? ["on", "on+indicators"] : ["off", "on"];

/** Batch ingest in each variant, alternating; the figure is the second ÷ the first of the summed rates. */
async function compareEnrichment() {
  const runs: { enrichment: string; round: number; batch_events_per_s: number; peak_rss_mib: number }[] = [];
  const listed = events.slice(0, 200).map((e) => (e as { source_ip?: string }).source_ip ?? "");
  const list = INDICATORS
    ? indicatorList(createRandom(11), INDICATORS, [...new Set(listed)].filter(Boolean).slice(0, 20))
    : "";
  for (const round of [1, 2]) {
    for (const enrichment of VARIANTS) {
      const db = await benchDatabase(values.pg!, `enrich_${enrichment.replace("+", "_")}`);
      const server = await startBenchServer(18084, {
        DATABASE_URL: db.url,
        VIGIE_ENRICHMENT: enrichment === "off" ? "off" : "on",
      });
      try {
        await setSiteNetworks(server, sites);
        if (enrichment === "on+indicators") console.log(await importIndicators(server, list));
        const rate = await sendBatches(server);
        runs.push({
          enrichment,
          round,
          batch_events_per_s: Math.round(rate),
          peak_rss_mib: server.peakRssMiB(),
        });
      } finally {
        await server.stop();
        await db.drop();
      }
    }
  }
  console.table(runs);
  const sum = (mode: string) =>
    runs.filter((r) => r.enrichment === mode).reduce((total, r) => total + r.batch_events_per_s, 0);
  const [base = "off", other = "on"] = VARIANTS;
  console.log(
    `enrichment ${other} / ${base} = ${(sum(other) / sum(base)).toFixed(2)}× (batch events/s, PostgreSQL)`,
  );
}

if (values.enrichment) {
  console.log(
    `${TOTAL} generated events (outside addresses public), batches of ${BATCH}, ${IN_FLIGHT} in flight${INDICATORS ? `, ${INDICATORS} indicators` : ""}`,
  );
  await compareEnrichment();
  process.exit(0);
}

const modes = new Set(values.modes!.split(","));
const pgDb = modes.has("postgres") ? await benchDatabase(values.pg!, "ingest") : null;
const sigmaDb = pgDb && values.sigma ? await benchDatabase(values.pg!, "ingest_sigma") : null;
try {
  console.log(`${TOTAL} generated events, batches of ${BATCH}, ${IN_FLIGHT} in flight`);
  const results = [];
  const starts = values.start!.split(",") as StartCommand[];
  for (const start of modes.has("embedded") ? starts : []) {
    const label = starts.length > 1 ? `embedded (PGlite), ${start} start` : "embedded (PGlite)";
    results.push(await measureMode(label, 18081, {}, undefined, start));
  }
  const pgResult = pgDb && (await measureMode("PostgreSQL", 18082, { DATABASE_URL: pgDb.url }));
  if (pgResult) results.push(pgResult);
  if (pgResult && sigmaDb) {
    const folders = values.sigma!.split(",");
    const sigma = await measureMode(
      `PostgreSQL + SigmaHQ ${folders.join("+")}`,
      18083,
      { DATABASE_URL: sigmaDb.url },
      (server) => installSigmaPack(server, folders),
    );
    results.push(sigma);
    console.log(
      `with SigmaHQ rules / default rules = ${(sigma.batch_events_per_s / pgResult.batch_events_per_s).toFixed(2)}× (batches), ${(sigma.single_req_per_s / pgResult.single_req_per_s).toFixed(2)}× (single events)`,
    );
  }
  console.table(results);
  if (pgDb && pgResult) {
    const base = await baselines(pgDb.url);
    console.table([base]);
    const pgRate = pgResult.batch_events_per_s;
    console.log(
      `PostgreSQL mode / COPY = ${(pgRate / base.copy_rows_per_s).toFixed(2)}×; / one insert per event = ${(pgRate / base.one_insert_per_event_rows_per_s).toFixed(1)}×`,
    );
  }
} finally {
  await pgDb?.drop();
  await sigmaDb?.drop();
}
