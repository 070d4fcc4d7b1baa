/**
 * `npm run bench:start`: how long a node takes to answer /health, and its RSS 3 s later, started the way
 * `npm start` does (the compiled bundle) and through the TypeScript loader, each on a fresh embedded data
 * folder (first start: migrations, admin, default rules) and again on the same folder; two rounds.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = 18095;
const WAYS: Record<string, string[]> = {
  "npm start (compiled)": [path.join(ROOT, "scripts/start.mjs")],
  "TypeScript loader": ["--import", "tsx", path.join(ROOT, "apps/server/src/main.ts")],
};

async function measure(args: string[], dataDir: string) {
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      VIGIE_DATA_DIR: dataDir,
      VIGIE_WEB_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  while (
    !(await fetch(`http://127.0.0.1:${PORT}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  )
    await new Promise((resolve) => setTimeout(resolve, 50));
  const ms = Date.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]) / 1024;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  return { ms, rss_mib: Math.round(rss) };
}

const rows = [];
for (let round = 1; round <= 2; round++) {
  for (const [way, args] of Object.entries(WAYS)) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "vigie-bench-start-"));
    const first = await measure(args, dataDir);
    const second = await measure(args, dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    rows.push({
      round,
      way,
      first_start_ms: first.ms,
      first_rss_mib: first.rss_mib,
      second_start_ms: second.ms,
      second_rss_mib: second.rss_mib,
    });
  }
}
console.table(rows);
