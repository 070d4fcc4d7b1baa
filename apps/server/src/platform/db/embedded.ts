import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { serverPath } from "../paths.ts";

/** A running embedded database: a Unix socket directory the `pg` driver connects to. */
export interface EmbeddedServer {
  socketDir: string;
  /** The whole data dir as a tarball (what `startFrom` takes back). */
  dump(): Promise<Uint8Array>;
  /** The engine's memory: its WebAssembly memory (which never shrinks) and its worker's JavaScript heap. */
  memory(): Promise<EmbeddedMemory>;
  stop(): Promise<void>;
}

/** Bytes held by the embedded engine's thread. */
export interface EmbeddedMemory {
  wasmBytes: number;
  heapBytes: number;
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
  if (dataDir) await createCluster(dataDir);
  // Unix socket paths are limited to ~107 bytes: keep the socket in a private temp dir, not the data dir.
  const socketDir = mkdtempSync(path.join(os.tmpdir(), "vigie-pg-"));
  const worker = new Worker(serverPath("src/platform/db/embedded-worker.mjs"), {
    workerData: { dataDir, socketPath: path.join(socketDir, SOCKET_NAME), startFrom },
  });
  await waitFor(worker, "ready");
  return {
    socketDir,
    async dump() {
      return (await ask<{ bytes: Uint8Array }>(worker, "dump")).bytes;
    },
    memory: () => ask<EmbeddedMemory>(worker, "memory"),
    async stop() {
      worker.postMessage({ type: "stop" });
      await Promise.race([waitFor(worker, "stopped"), new Promise((r) => setTimeout(r, 5000))]);
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/** Creates the database cluster of a new data folder in a short-lived process (see embedded-init.mjs). */
async function createCluster(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return;
  await promisify(execFile)(process.execPath, [serverPath("src/platform/db/embedded-init.mjs"), dataDir]);
}

/** Sends the worker a request and resolves with its answer (a message of the same type). */
function ask<T>(worker: Worker, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (msg: { type: string } & T) => {
      if (msg.type !== type) return;
      worker.off("message", onMessage);
      resolve(msg);
    };
    worker.on("message", onMessage);
    worker.postMessage({ type });
  });
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
