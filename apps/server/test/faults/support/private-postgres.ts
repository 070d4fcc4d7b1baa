import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort, runTool, scratchDir, waitFor } from "./processes.ts";

/** A PostgreSQL cluster of the fault suite's own: it may be stopped and started at will. */
export interface PrivatePostgres {
  url: string;
  port: number;
  /** The postmaster's pid, read from its pid file (null while stopped). */
  pid(): number | null;
  /** `pg_ctl stop -m immediate`: every backend dies at once, as in a crash. */
  stopImmediately(): Promise<void>;
  /** Starts the cluster again on the same port and data; resolves when it accepts connections. */
  start(): Promise<void>;
  /** One statement on a connection of its own (for checks). */
  query<T extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  /** Stops the cluster and removes its folder. */
  close(): Promise<void>;
}

/** Where initdb and pg_ctl live: on PATH, else Debian's newest /usr/lib/postgresql/<major>/bin. */
function binary(name: string): string {
  try {
    return execFileSync("which", [name], { encoding: "utf8" }).trim();
  } catch {
    const root = "/usr/lib/postgresql";
    const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
    const found = majors.map((m) => path.join(root, m, "bin", name)).find((p) => existsSync(p));
    if (!found) throw new Error(`${name} not found: install PostgreSQL's server binaries`);
    return found;
  }
}

/** Whether this machine can run a private PostgreSQL cluster (the fault suite needs one). */
export function canRunPostgres(): boolean {
  try {
    binary("initdb");
    binary("pg_ctl");
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates a cluster in a temporary folder (initdb, trust on 127.0.0.1 only) and starts it on a free port.
 * `fsync=off`: a stop with `-m immediate` kills processes, not the machine, so nothing written is lost.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const scratch = scratchDir("vigie-faults-pg-");
  const data = path.join(scratch.dir, "data");
  const port = await freePort();
  await runTool(binary("initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${scratch.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pgCtl = (...args: string[]) => runTool(binary("pg_ctl"), ["-D", data, ...args]);
  const start = async () => {
    await pgCtl("-o", options, "-l", path.join(scratch.dir, "log"), "-w", "-t", "30", "start");
    await waitFor("private PostgreSQL accepts connections", () => query(url, "SELECT 1").then(() => true));
  };
  await start();
  return {
    url,
    port,
    pid() {
      const file = path.join(data, "postmaster.pid");
      return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : null;
    },
    stopImmediately: () => pgCtl("-m", "immediate", "-w", "stop").then(() => undefined),
    start,
    query: (sql, values) => query(url, sql, values),
    async close() {
      await pgCtl("-m", "immediate", "-w", "stop").catch(() => undefined);
      scratch.remove();
    },
  };
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values?: unknown[],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}
