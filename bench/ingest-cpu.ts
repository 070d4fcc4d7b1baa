/**
 * `npx tsx bench/ingest-cpu.ts [-- --events 60000 --embedded --roles api,ingest,detect --single]`: batch
 * ingest (1,000 per request, 4 in flight; with `--single`, one event per request from 32 connections
 * for 10 s, as `bench:ingest`) into a server process, reporting events/s and the CPU time per
 * stored event of the server (embedded: PGlite included), of every PostgreSQL process and of this load generator, read from
 * /proc (Linux). CPU per event holds up better than events/s when the machine is shared. Profile the
 * server with `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createEventFactory } from "../tools/generator/factory.ts";
import { createRandom } from "../tools/generator/random.ts";
import { siteIds } from "../tools/generator/sites.ts";
import { BENCH_PG_URL, benchDatabase, postBatches, startBenchServer } from "./support/server.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "60000" },
    embedded: { type: "boolean", default: false },
    single: { type: "boolean", default: false },
    roles: { type: "string" },
    pg: {
      type: "string",
      default: BENCH_PG_URL,
    },
  },
});
const TOTAL = Number(values.events);
const sites = siteIds(30);
const factory = createEventFactory(createRandom(42), sites, () => new Date());
const batches: unknown[][] = [];
for (let i = 0; i < TOTAL; i += 1_000)
  batches.push(Array.from({ length: Math.min(1_000, TOTAL - i) }, () => factory.everyday()));

/** CPU seconds used so far by the server, by PostgreSQL processes and by this process. */
function cpuSeconds(serverPid: number): Record<"server" | "postgres" | "load generator", number> {
  const out = { server: 0, postgres: 0, "load generator": 0 };
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // ended meanwhile
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    if (Number(pid) === serverPid) out.server += seconds;
    else if (Number(pid) === process.pid) out["load generator"] += seconds;
    else if (name.startsWith("postgres")) out.postgres += seconds;
  }
  return out;
}

/** Single-event requests for 10 s; returns how many were stored. */
async function singleEvents(): Promise<number> {
  const result = await autocannon({
    url: `${server.url}/api/v1/logs/ingest`,
    method: "POST",
    connections: 32,
    duration: 10,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify(batches[0]![0]),
  });
  if (result.non2xx) throw new Error(`${result.non2xx} single-event requests failed`);
  return result.requests.total;
}

const database = values.embedded ? null : await benchDatabase(values.pg!, "cpu");
// Profiling flags are refused in NODE_OPTIONS: a profiled server is started by node itself.
const server = await startBenchServer(
  18_095,
  {
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(values.roles ? { VIGIE_ROLES: values.roles } : {}),
  },
  process.env.BENCH_NODE_ARGS ? "node" : "npm",
);
try {
  const pid = server.process.pid!;
  const before = cpuSeconds(pid);
  const started = performance.now();
  const stored = values.single
    ? await singleEvents()
    : await postBatches(server, batches, 4).then(() => TOTAL);
  const seconds = (performance.now() - started) / 1000;
  const after = cpuSeconds(pid);
  console.log(`${values.embedded ? "embedded" : "PostgreSQL"}: ${Math.round(stored / seconds)} events/s`);
  console.table(
    (Object.keys(after) as (keyof typeof after)[]).map((who) => ({
      process: who,
      cores: Number(((after[who] - before[who]) / seconds).toFixed(2)),
      cpu_us_per_event: Math.round(((after[who] - before[who]) / stored) * 1e6),
    })),
  );
} finally {
  await server.stop();
  await database?.drop();
}
