/**
 * `npm run bench:storage-floor [-- --events 30000 --syslog | --windows]`: what storing one event costs the
 * database engine alone, without the Vigie server: the floor under every ingest figure. The same prepared
 * rows (generated events; with `--syslog` the lines of `bench:syslog` as the syslog receiver builds them;
 * with `--windows` the Windows shipper documents of `bench:raw` as the raw endpoint reads them, dated now):
 * - PostgreSQL: CPU time of the backend (read from /proc, same host) per row for COPY into a bare
 *   table with the events' columns, COPY into `events` itself (the contract's indexes and the rollup
 *   trigger, as the server writes), and the search indexer's slices afterwards;
 * - embedded (PGlite, one WebAssembly thread): time per event of the server's insert statement and of
 *   the indexer's slices (PGlite runs nothing else meanwhile, so time is its CPU).
 * Each figure is the median of three runs of `--events` rows, in batches of 1,000 as the group commit writes them.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import type { EventRow } from "../apps/server/src/ingest/event-row.ts";
import { PartitionManager } from "../apps/server/src/ingest/partitions.ts";
import { prepareEvent } from "../apps/server/src/ingest/prepare.ts";
import { copyInserter, copyRows, recordsetInserter } from "../apps/server/src/ingest/row-inserters.ts";
import { indexNextSlice } from "../apps/server/src/ingest/search-indexer.ts";
import { toSyslogEvent } from "../apps/server/src/ingest/syslog/index.ts";
import type { Database } from "../apps/server/src/platform/db/database.ts";
import { startEmbeddedServer } from "../apps/server/src/platform/db/embedded.ts";
import { migrate } from "../apps/server/src/platform/db/migrate.ts";
import { createEventFactory } from "../tools/generator/factory.ts";
import { createRandom } from "../tools/generator/random.ts";
import { siteIds } from "../tools/generator/sites.ts";
import { windowsSamples } from "./support/raw-samples.ts";
import { BENCH_PG_URL, benchDatabase } from "./support/server.ts";
import { syslogLines } from "./support/syslog-lines.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "30000" },
    syslog: { type: "boolean", default: false },
    windows: { type: "boolean", default: false },
    pg: {
      type: "string",
      default: BENCH_PG_URL,
    },
  },
});
const TOTAL = Number(values.events);
const RUNS = 3;
const BATCH = 1_000;
const sites = siteIds(30);
const factory = createEventFactory(createRandom(42), sites, () => new Date());
const now = new Date();

const lines = values.syslog ? syslogLines(TOTAL) : [];
const windows = values.windows ? windowsSamples(TOTAL) : [];
const nextRecord = values.syslog
  ? (i: number) => ({ ...toSyslogEvent(lines[i]!, { now }), site_id: sites[i % sites.length] })
  : values.windows
    ? (i: number) => windows[i]
    : () => factory.everyday();
const context = { receiver: "bench", ...(values.windows && { recognise: {}, forcedSiteId: sites[0] }) };

function batchesOfRows(): EventRow[][] {
  const batches: EventRow[][] = [];
  for (let i = 0; i < TOTAL; i += BATCH)
    batches.push(
      Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, j) => {
        const prepared = prepareEvent(nextRecord(i + j), context, now);
        if (!prepared.ok) throw new Error(prepared.error);
        // Into today's partition, which is the only one made here.
        return { ...prepared.row, timestamp: now };
      }),
    );
  return batches;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Per event, median of RUNS: storing fresh rows as the server's group commit does (`store`), then
 * indexing them for search, each measured by `clock` (µs); the tables are emptied between runs.
 */
async function measure(
  pool: pg.Pool,
  clock: () => Promise<number>,
  store: (rows: EventRow[]) => Promise<void>,
): Promise<{ store: number; index: number }> {
  const stores: number[] = [];
  const indexes: number[] = [];
  const db = { pool } as unknown as Database;
  for (let run = 0; run < RUNS; run++) {
    const batches = batchesOfRows();
    let before = await clock();
    for (const rows of batches) await store(rows);
    stores.push((await clock()) - before);
    before = await clock();
    while ((await indexNextSlice(db)) !== null);
    indexes.push((await clock()) - before);
    await pool.query("TRUNCATE events, event_search");
  }
  return { store: Math.round(median(stores) / TOTAL), index: Math.round(median(indexes) / TOTAL) };
}

async function postgresFloor() {
  const database = await benchDatabase(values.pg!, "floor");
  // One connection, so one backend process does all the work measured.
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    await migrate(pool);
    await new PartitionManager(pool).ensure([now.toISOString().slice(0, 10)]);
    const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const backendCpu = async () => {
      const fields = readFileSync(`/proc/${rows[0]!.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10_000; // clock ticks of 10 ms, in µs
    };
    await pool.query("CREATE TABLE bare (LIKE events INCLUDING DEFAULTS)");
    const bare = await measure(pool, backendCpu, async (batch) => {
      const client = await pool.connect();
      await copyRows(client, "bare", batch).finally(() => client.release());
    });
    const real = await measure(pool, backendCpu, async (batch) => {
      await copyInserter.insert(pool, batch, 0);
    });
    return {
      engine: "PostgreSQL (backend CPU)",
      "plain COPY, no index": bare.store,
      "as the server writes": real.store,
      "search indexing": real.index,
    };
  } finally {
    await pool.end();
    await database.drop();
  }
}

async function embeddedFloor() {
  const server = await startEmbeddedServer(null);
  const pool = new pg.Pool({ host: server.socketDir, user: "postgres", database: "postgres", max: 1 });
  try {
    await migrate(pool);
    await new PartitionManager(pool).ensure([now.toISOString().slice(0, 10)]);
    const wallClock = async () => performance.now() * 1000;
    const real = await measure(pool, wallClock, async (batch) => {
      await recordsetInserter.insert(pool, batch, 0);
    });
    return {
      engine: "embedded PGlite (time of its one thread)",
      "plain COPY, no index": null,
      "as the server writes": real.store,
      "search indexing": real.index,
    };
  } finally {
    await pool.end();
    await server.stop();
  }
}

console.log(
  `${TOTAL} prepared ${values.syslog ? "syslog messages" : values.windows ? "Windows events" : "generated events"} per run, batches of ${BATCH}, median of ${RUNS} runs; µs per event`,
);
console.table([await postgresFloor(), await embeddedFloor()]);
