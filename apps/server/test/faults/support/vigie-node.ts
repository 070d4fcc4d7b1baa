import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ADMIN, INGEST_TOKEN } from "../../support/app.ts";
import { freePort, waitFor } from "./processes.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");
const MAIN = path.join(REPO, "apps/server/src/main.ts");

/** The secret key every node of a fault test shares, so a token from one is valid on all. */
export const NODE_SECRET_KEY = "fault-suite-secret-key-that-is-long-enough-0123456789";

/** Where a node keeps its data and which roles it plays; `env` adds or overrides any variable. */
export interface VigieNodeOptions {
  /** PostgreSQL; absent = embedded storage in `dataDir`. */
  databaseUrl?: string;
  /** A data folder that outlives the node (embedded storage restarted on the same data); else a temporary one. */
  dataDir?: string;
  redisUrl?: string;
  redisPrefix?: string;
  roles?: string;
  env?: Record<string, string>;
  /** How long the node may take to answer `/health` (embedded storage starts slowly on a busy machine). */
  startTimeoutMs?: number;
}

/** A Vigie node running as a child process (`node --import tsx src/main.ts`), as in production. */
export interface VigieNode {
  baseUrl: string;
  pid: number;
  /** Every line the node wrote to stdout and stderr so far (JSON log lines, start-up summary). */
  output: string[];
  /** Whether the process is still running. */
  alive(): boolean;
  /** How the process ended, once it has. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The node's JSON log lines at `level` or above (pino numbers: 40 warn, 50 error, 60 fatal). */
  logsAtLeast(level: number): Record<string, unknown>[];
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has ended. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a node on a free port; resolves once `/health` answers 200. */
export async function startVigieNode(options: VigieNodeOptions): Promise<VigieNode> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "vigie-faults-node-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    PORT: String(port),
    HOST: "127.0.0.1",
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    VIGIE_REDIS_PREFIX: options.redisPrefix ?? "vigie-faults",
    VIGIE_SECRET_KEY: NODE_SECRET_KEY,
    VIGIE_ADMIN_USERNAME: ADMIN.username,
    VIGIE_ADMIN_PASSWORD: ADMIN.password,
    VIGIE_INGEST_TOKEN: INGEST_TOKEN,
    VIGIE_DATA_DIR: dataDir,
    VIGIE_ROLES: options.roles ?? "api,ingest,detect,worker",
    VIGIE_RATE_LIMIT_AUTH: "0",
    VIGIE_RATE_LIMIT_API: "0",
    // The SigmaHQ first-start selection is the first-start tests' subject, not the faults'.
    VIGIE_FIRST_START_PACKS: "off",
    LOG_LEVEL: "info",
    ...options.env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: REPO,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collectLines(child);
  const exited = once(child, "exit").then(([code, signal]) => {
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  await waitFor(
    "Vigie node healthy",
    async () => {
      if (!alive()) throw new Error(`node exited at start:\n${output.join("\n")}`);
      return (await fetch(`${baseUrl}/health`)).status === 200;
    },
    options.startTimeoutMs ?? 60_000,
    100,
  ).catch((error) => {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output.slice(-30).join("\n")}`);
  });
  return {
    baseUrl,
    pid: child.pid!,
    output,
    alive,
    exited,
    logsAtLeast: (level) => jsonLines(output).filter((line) => Number(line.level) >= level),
    async stop(graceMs = 15_000) {
      if (!alive()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function collectLines(child: ChildProcess): string[] {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.on("data", (chunk) => {
      const parts = (partial + String(chunk)).split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts);
    });
  }
  return lines;
}

function jsonLines(lines: string[]): Record<string, unknown>[] {
  const parsed: Record<string, unknown>[] = [];
  for (const line of lines) {
    if (!line.startsWith("{")) continue;
    try {
      parsed.push(JSON.parse(line));
    } catch {
      // A line cut by the process's end is not a log record.
    }
  }
  return parsed;
}
