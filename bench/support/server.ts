import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** A Vigie server started as its own process, so its memory is measured apart from the load generator. */
export interface BenchServer {
  url: string;
  token: string;
  process: ChildProcess;
  /** The server's /metrics page (Prometheus text), read with the scraper's token. */
  scrape(): Promise<string>;
  /** Peak resident memory of the server process so far, in MiB. */
  peakRssMiB(): number;
  /** CPU seconds (user + system, every thread) the server process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The PostgreSQL server the benchmarks create their databases on (`--pg` overrides it). */
export const BENCH_PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export const BENCH_TOKEN = "vgi_bench_token_0123456789abcdef";
const BENCH_METRICS_TOKEN = "bench-metrics-token-0123456789";

/**
 * How the server is started: `npm`, with the command of `npm start` (package.json's `start` script, its
 * allocator setting included: docs/OPERATIONS.md "Memory"), or `node`, `scripts/start.mjs` alone (the baseline
 * of that setting). Both build what is stale (`scripts/start.mjs`: the compiled server; no web console).
 */
export type StartCommand = "npm" | "node";

// Extra node flags for the server: on node's command line with `node`, where every flag is allowed (so
// `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles it), in NODE_OPTIONS with `npm` (which
// refuses some, `--cpu-prof` among them).
const BENCH_NODE_ARGS = process.env.BENCH_NODE_ARGS ?? "";

function startCommand(start: StartCommand): [string, string[]] {
  if (start === "node") {
    const flags = BENCH_NODE_ARGS.split(/\s+/).filter(Boolean);
    return [process.execPath, [...flags, path.join(ROOT, "scripts/start.mjs")]];
  }
  const script: string = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.start;
  // The script `exec`s node: the child's process id is the server's, whose memory and CPU are read.
  return ["sh", ["-c", script]];
}

/** Starts a Vigie node with the given storage, and waits for /health. */
export async function startBenchServer(
  port: number,
  env: Record<string, string>,
  start: StartCommand = "npm",
): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "vigie-bench-"));
  const [command, args] = startCommand(start);
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, start === "npm" && BENCH_NODE_ARGS].filter(Boolean).join(" "),
      PORT: String(port),
      HOST: "127.0.0.1",
      VIGIE_DATA_DIR: dataDir,
      VIGIE_WEB_DIR: dataDir,
      VIGIE_INGEST_TOKEN: BENCH_TOKEN,
      VIGIE_METRICS_TOKEN: BENCH_METRICS_TOKEN,
      VIGIE_ADMIN_PASSWORD: "bench-admin-password",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  // A first start (database, first-start rule packs) or a rebuild on a busy machine can take a minute or more.
  const until = Date.now() + 240_000;
  while (
    !(await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > until || child.exitCode !== null)
      throw new Error(`the server on ${url} never became healthy`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    token: BENCH_TOKEN,
    process: child,
    async scrape() {
      const res = await fetch(`${url}/metrics`, {
        headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
      });
      if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
      return await res.text();
    },
    peakRssMiB: () => readPeakRss(child.pid!),
    cpuSeconds: () => readCpuSeconds(child.pid!),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Posts each batch of events to the native batch endpoint, `inFlight` requests at a time, each answered
 * 201 or the run fails. Bodies are serialised as they are sent, like a real sender's.
 */
export async function postBatches(
  server: BenchServer,
  batches: unknown[][],
  inFlight: number,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const res = await fetch(`${server.url}/api/v1/logs/ingest/batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
        body: JSON.stringify({ events: batches[next++] }),
      });
      if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15, after the parenthesised name), at 100 ticks a second. */
function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function readPeakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** A throw-away PostgreSQL database for one benchmark run; `drop()` removes it. */
export async function benchDatabase(
  baseUrl: string,
  label: string,
  prefix = "vigie_bench",
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${label}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
