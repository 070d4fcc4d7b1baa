import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { serverPath } from "../paths.ts";

/** A running embedded database: a Unix socket directory the `pg` driver connects to. */
export interface EmbeddedServer {
  socketDir: string;
  /** The whole data dir as a tarball (what `startFrom` takes back). */
  dump(): Promise<Uint8Array>;
  stop(): Promise<void>;
}

const SOCKET_NAME = ".s.PGSQL.5432";

/**
 * Starts PGlite in a worker thread (data in `dataDir`, or in memory when null) behind pglite-socket,
 * optionally from a dumped data dir (`startFrom`, from `dump()`).
 */
export async function startEmbeddedServer(
  dataDir: string | null,
  startFrom?: Uint8Array,
): Promise<EmbeddedServer> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Unix socket paths are limited to ~107 bytes: keep the socket in a private temp dir, not the data dir.
  const socketDir = mkdtempSync(path.join(os.tmpdir(), "vigie-pg-"));
  const worker = new Worker(serverPath("src/platform/db/embedded-worker.mjs"), {
    workerData: { dataDir, socketPath: path.join(socketDir, SOCKET_NAME), startFrom },
  });
  await waitFor(worker, "ready");
  return {
    socketDir,
    async dump() {
      const reply = new Promise<Uint8Array>((resolve) => {
        const onMessage = (msg: { type: string; bytes?: Uint8Array }) => {
          if (msg.type !== "dump") return;
          worker.off("message", onMessage);
          resolve(msg.bytes!);
        };
        worker.on("message", onMessage);
      });
      worker.postMessage({ type: "dump" });
      return reply;
    },
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
