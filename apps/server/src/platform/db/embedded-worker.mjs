// Worker thread that owns the embedded PGlite database and serves it on a Unix socket, so the app
// talks to it with the same `pg` driver as to PostgreSQL and PGlite never blocks the main event loop.
// Plain JavaScript on purpose: worker threads do not inherit the TypeScript loader on Node 20.
import { getHeapStatistics } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const { dataDir, socketPath, startFrom } = workerData;

async function main() {
  // `startFrom`: the bytes of a dumped data dir (tests start from a migrated copy instead of migrating).
  const db = await PGlite.create({
    // 32 MB of shared buffers instead of initdb's 128 MB: they live in the WebAssembly memory, which
    // never shrinks, and the data files stay in the operating system's page cache anyway.
    startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"],
    ...(dataDir ? { dataDir } : {}),
    ...(startFrom ? { loadDataDir: new Blob([startFrom]) } : {}),
  });
  const server = new PGLiteSocketServer({ db, path: socketPath });
  await server.start();
  parentPort.postMessage({ type: "ready" });
  parentPort.on("message", async (msg) => {
    if (msg.type === "dump") {
      const blob = await db.dumpDataDir("none");
      parentPort.postMessage({ type: "dump", bytes: new Uint8Array(await blob.arrayBuffer()) });
      return;
    }
    if (msg.type === "memory") {
      const wasmBytes = db.mod?.wasmMemory?.buffer.byteLength ?? 0;
      parentPort.postMessage({ type: "memory", wasmBytes, heapBytes: getHeapStatistics().used_heap_size });
      return;
    }
    if (msg.type !== "stop") return;
    await server.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    parentPort.postMessage({ type: "stopped" });
  });
}

main().catch((error) => {
  parentPort.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
});
