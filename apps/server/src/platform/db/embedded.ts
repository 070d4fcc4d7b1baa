import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

/** A running embedded database: a Unix socket directory the `pg` driver connects to. */
export interface EmbeddedServer {
  socketDir: string;
  stop(): Promise<void>;
}

const SOCKET_NAME = ".s.PGSQL.5432";

/** Starts PGlite in a worker thread (data in `dataDir`, or in memory when null) behind pglite-socket. */
export async function startEmbeddedServer(dataDir: string | null): Promise<EmbeddedServer> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Unix socket paths are limited to ~107 bytes: keep the socket in a private temp dir, not the data dir.
  const socketDir = mkdtempSync(path.join(os.tmpdir(), "vigie-pg-"));
  const worker = new Worker(new URL("./embedded-worker.mjs", import.meta.url), {
    workerData: { dataDir, socketPath: path.join(socketDir, SOCKET_NAME) },
  });
  await waitFor(worker, "ready");
  return {
    socketDir,
    async stop() {
      worker.postMessage({ type: "stop" });
      await Promise.race([waitFor(worker, "stopped"), new Promise((r) => setTimeout(r, 5000))]);
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

function waitFor(worker: Worker, type: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string; message?: string }) => {
      if (msg.type === type) {
        worker.off("message", onMessage);
        resolve();
      } else if (msg.type === "error") {
        worker.off("message", onMessage);
        reject(new Error(`Embedded database failed to start: ${msg.message}`));
      }
    };
    worker.on("message", onMessage);
    worker.once("error", reject);
  });
}
