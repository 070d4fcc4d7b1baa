// Child process that creates an embedded database cluster (PGlite's initdb) in a new data folder, then exits.
// Run apart because initdb grows the WebAssembly memory to about 800 MiB and WebAssembly memory never shrinks:
// done in the server's own worker, that peak would stay the server's resident size for its whole life.
// Plain JavaScript on purpose, like embedded-worker.mjs.
import { PGlite } from "@electric-sql/pglite";

const dataDir = process.argv[2];
const db = await PGlite.create({ dataDir });
await db.close();
