/**
 * `npm run bench:query [-- --events 10000000]`: loads events (1M by default) into a fresh PostgreSQL
 * database (BENCH_DATABASE_URL), builds the rollups, then reports p50/p99 of every dashboard endpoint
 * and of filtered event lists through a real Vigie server, next to the same counts computed naively
 * from the events table, the cost of the rollup trigger on ingest, and the rate of streamed exports
 * (`--export-rows`, 100,000 by default, in each format). `--keep` leaves the database
 * in place (and prints its URL) to look at query plans.
 */
import { parseArgs } from "node:util";
import { EventWriter } from "../apps/server/src/ingest/event-writer.ts";
import { prepareEvent } from "../apps/server/src/ingest/prepare.ts";
import { indexNextSlice } from "../apps/server/src/ingest/search-indexer.ts";
import { AlertCounts } from "../apps/server/src/modules/dashboard/alert-counts.ts";
import { DashboardRepository } from "../apps/server/src/modules/dashboard/dashboard.repository.ts";
import { DashboardService } from "../apps/server/src/modules/dashboard/dashboard.service.ts";
import { openDatabase } from "../apps/server/src/platform/db/database.ts";
import { cases } from "./query-cases.ts";
import { type LoadTimes, loadEvents } from "./query-data.ts";
import { BENCH_PG_URL, benchDatabase, startBenchServer } from "./support/server.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    runs: { type: "string", default: "40" },
    "naive-runs": { type: "string", default: "3" },
    "export-rows": { type: "string", default: "100000" },
    keep: { type: "boolean", default: false },
    pg: {
      type: "string",
      default: BENCH_PG_URL,
    },
  },
});
const TOTAL = Number(values.events);
const RUNS = Number(values.runs);
const NAIVE_RUNS = Number(values["naive-runs"]);
const EXPORT_ROWS = Number(values["export-rows"]);
const NOW = Date.now();
async function sample(times: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** Batches of 5,000 events through the real writer, alternately with and without the rollup trigger. */
async function ingestCost(
  pool: Parameters<typeof loadEvents>[0],
  writer: EventWriter,
): Promise<{ on: number; off: number }> {
  const batch = () =>
    Array.from({ length: 5_000 }, (_, i) => {
      const prepared = prepareEvent(
        {
          source_type: "auth",
          event_type: "login_failure",
          site_id: `AUDIO_${String(1 + (i % 30)).padStart(3, "0")}`,
          source_ip: `10.${1 + (i % 30)}.0.${i % 50}`,
          message: `Failed password for user${i % 40}`,
          timestamp: new Date(NOW - (i % 600) * 1000).toISOString(),
        },
        { receiver: "http" } as never,
        new Date(NOW),
      );
      if (!prepared.ok) throw new Error(prepared.error);
      return prepared.row;
    });
  const on: number[] = [];
  const off: number[] = [];
  for (let round = 0; round < 6; round++) {
    const trigger = round % 2 === 0;
    await pool.query(`ALTER TABLE events ${trigger ? "ENABLE" : "DISABLE"} TRIGGER events_rollups_insert`);
    const rows = batch();
    (trigger ? on : off).push((await sample(1, () => writer.write(rows)))[0]!);
  }
  await pool.query("ALTER TABLE events ENABLE TRIGGER events_rollups_insert");
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { on: median(on), off: median(off) };
}

/** One streamed export of the newest `EXPORT_ROWS` events per format: rows per second and bytes, read as they come. */
async function exportRates(fetchPath: (path: string) => Promise<Response>): Promise<string[][]> {
  const rows: string[][] = [];
  for (const format of ["csv", "ndjson", "json"]) {
    const started = performance.now();
    const res = await fetchPath(`/api/v1/logs/export?format=${format}&limit=${EXPORT_ROWS}`);
    if (res.status !== 200 || !res.body) throw new Error(`export ${format} answered ${res.status}`);
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Uint8Array).byteLength;
    const seconds = (performance.now() - started) / 1000;
    const written = Number(res.headers.get("x-vigie-export-rows"));
    rows.push([
      format,
      written.toLocaleString("en"),
      `${(bytes / 1048576).toFixed(0)} MiB`,
      `${seconds.toFixed(1)} s`,
      Math.round(written / seconds).toLocaleString("en"),
    ]);
  }
  return rows;
}

function report(
  load: LoadTimes,
  ingest: { on: number; off: number },
  rows: string[][],
  exports: string[][],
): void {
  const s = (v: number) => `${(v / 1000).toFixed(1)} s`;
  console.log(
    `\n${TOTAL.toLocaleString("en")} events over 30 days, PostgreSQL; load: insert ${s(load.insert)}, indexes ${s(load.indexes)}, search index ${s(load.search)}, rollups rebuild ${s(load.rollups)}, VACUUM ANALYZE ${s(load.vacuum)}`,
  );
  console.log(
    `ingest, 5,000-event batch through EventWriter (median of 3): ${ms(ingest.on)} ms with the rollup trigger, ${ms(ingest.off)} ms without\n`,
  );
  console.log(`| request | p50 ms | p99 ms | naive p50 ms | naive max ms |\n|---|---:|---:|---:|---:|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  console.log(`\n| export | rows | size | time | rows/s |\n|---|---:|---:|---:|---:|`);
  for (const row of exports) console.log(`| ${row.join(" | ")} |`);
}

async function main(): Promise<void> {
  const database = await benchDatabase(values.pg, "query");
  const db = await openDatabase({ url: database.url });
  try {
    const load = await loadEvents(db.pool, TOTAL, NOW, (done) =>
      process.stderr.write(`\rloaded ${done.toLocaleString("en")} events`),
    );
    process.stderr.write("\n");
    const ingest = await ingestCost(db.pool, new EventWriter(db));
    // What the search indexer (worker role; this server is api only) does with those batches.
    while ((await indexNextSlice(db)) !== null);
    const server = await startBenchServer(18_431, {
      DATABASE_URL: database.url,
      VIGIE_RATE_LIMIT_API: "0",
      VIGIE_ROLES: "api",
    });
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "bench-admin-password" }),
      });
      const { access_token } = (await login.json()) as { access_token: string };
      const fetchPath = (path: string) =>
        fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${access_token}` } });
      const get = async (path: string) => {
        const res = await fetchPath(path);
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      };
      const naive = new DashboardService(new DashboardRepository(db, { naive: true }), new AlertCounts(db), {
        now: () => new Date(),
      });
      const rows: string[][] = [];
      for (const c of cases(NOW, naive, (text, params) => db.pool.query(text, params))) {
        await sample(3, () => get(c.path));
        const fast = await sample(RUNS, () => get(c.path));
        const slow = c.naive ? await sample(NAIVE_RUNS, c.naive) : [];
        rows.push([
          c.name,
          ms(percentile(fast, 50)),
          ms(percentile(fast, 99)),
          slow.length ? ms(percentile(slow, 50)) : "–",
          slow.length ? ms(slow.at(-1)!) : "–",
        ]);
        process.stderr.write(`\r${c.name}                    `);
      }
      process.stderr.write("\n");
      report(load, ingest, rows, await exportRates(fetchPath));
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
    if (values.keep) console.log(`kept ${database.url}`);
    else await database.drop();
  }
}

await main();
