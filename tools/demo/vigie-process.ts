import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { DEMO_ADMIN, DEMO_INGEST_TOKEN, type DemoSettings, ROOT } from "./settings.ts";

/** Vigie running as a child process, the way `npm start` runs it (the web console is built if missing). */
export interface VigieProcess {
  url: string;
  /** Resolves with the exit code when the process ends, whatever ended it. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts Vigie embedded in the demo data folder with the demo's fixed credentials. */
export function startVigie(settings: DemoSettings): VigieProcess {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PORT: String(settings.port),
      HOST: "127.0.0.1",
      VIGIE_DATA_DIR: settings.dataDir,
      VIGIE_ADMIN_USERNAME: DEMO_ADMIN.username,
      VIGIE_ADMIN_PASSWORD: DEMO_ADMIN.password,
      VIGIE_INGEST_TOKEN: DEMO_INGEST_TOKEN,
      // Alerts are summed up by the demo's status line rather than logged one by one.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
    },
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${settings.port}`,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      await exited;
    },
  };
}

/** Polls `/health` until Vigie answers healthy; false when `exited` comes first or the time is up. */
export async function waitForHealth(
  vigie: VigieProcess,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  let ended = false;
  void vigie.exited.then(() => {
    ended = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!ended && !signal.aborted && Date.now() < deadline) {
    const healthy = await fetch(`${vigie.url}/health`, { signal: AbortSignal.timeout(2_000) })
      .then((res) => res.ok)
      .catch(() => false);
    if (healthy) return true;
    await delay(500, undefined, { signal }).catch(() => undefined);
  }
  return false;
}
