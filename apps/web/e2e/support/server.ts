import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The repository root, whatever the caller's working directory. */
export const REPO_ROOT = path.resolve(import.meta.dirname, "../../../..");
const WEB_DIST = path.join(REPO_ROOT, "apps/web/dist/index.html");

export const ADMIN_USERNAME = "admin";
export const ADMIN_PASSWORD = "e2e-admin-Passw0rd!";
export const INGEST_TOKEN = "vgi_e2e_ingest_token_0123456789abcdef";

/** A Vigie server process with embedded storage in its own temporary directory. */
export interface VigieServer {
  url: string;
  stop(): Promise<void>;
  /** The last lines the server wrote, for failure messages. */
  logTail(): string;
}

/** Builds the web app when `apps/web/dist` is missing (CI builds it before the suite, so this is for local runs). */
export function ensureWebBuilt(): void {
  if (existsSync(WEB_DIST)) return;
  execFileSync("npm", ["run", "build", "-w", "@vigie/web"], { cwd: REPO_ROOT, stdio: "inherit" });
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node --import tsx apps/server/src/main.ts` and waits until /health answers. */
export async function startVigie(env: Record<string, string> = {}): Promise<VigieServer> {
  ensureWebBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "vigie-e2e-"));
  const logFile = path.join(dataDir, "server.log");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(REPO_ROOT, "apps/server/src/main.ts")],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        VIGIE_DATA_DIR: dataDir,
        VIGIE_ADMIN_USERNAME: ADMIN_USERNAME,
        VIGIE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        VIGIE_INGEST_TOKEN: INGEST_TOKEN,
        // The files install Sigma rules themselves and count what they add (rule-packs, sigma-import).
        VIGIE_FIRST_START_PACKS: "off",
        LOG_LEVEL: "warn",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const logTail = () =>
    existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n") : "";
  await waitForHealth(url, child, logTail);
  return {
    url,
    logTail,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(10_000).then(() => child.kill("SIGKILL"))]);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls /health for up to three minutes: a first start migrates a fresh database, slow on a busy machine. */
async function waitForHealth(url: string, child: ChildProcess, logTail: () => string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Vigie exited with ${child.exitCode}:\n${logTail()}`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(500);
  }
  child.kill("SIGKILL");
  throw new Error(`Vigie did not become healthy:\n${logTail()}`);
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
