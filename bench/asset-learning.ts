/**
 * `npm run bench:assets [-- --events 50000] [--pg <url>]`: what learning assets adds to the search indexer
 * (ADR 0024). Writes the same kind of events three times into a fresh database (embedded, or PostgreSQL with
 * `--pg`), 1,000 per batch, each on one of 3,000 hosts (30 sites × 100). `--spread all` (default) picks
 * the site and host at random (about 850 distinct hosts per slice: the worst case); `--spread site` sends
 * each batch from one site, as a site's shipper does (at most 100 distinct hosts per slice). Then times the
 * indexer draining the backlog: without learning (the baseline), learning into an empty table (inserts),
 * learning again (updates of known hosts).
 */
import { parseArgs } from "node:util";
import { firstStart } from "../apps/server/src/bootstrap/first-start.ts";
import { loadConfig } from "../apps/server/src/config.ts";
import { createContext } from "../apps/server/src/container.ts";
import { indexNextSlice } from "../apps/server/src/ingest/search-indexer.ts";
import { openDatabase } from "../apps/server/src/platform/db/database.ts";
import { createLogger } from "../apps/server/src/platform/logger.ts";
import { benchDatabase } from "./support/server.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "50000" },
    pg: { type: "string" },
    "db-prefix": { type: "string", default: "vigie_bench" },
    spread: { type: "string", default: "all" },
  },
});
const TOTAL = Number(values.events);
const BATCH = 1_000;

/** One event on a random host (of the batch's site with `--spread site`), with an address and a user. */
function record(i: number) {
  const site =
    values.spread === "site" ? 1 + (Math.floor(i / BATCH) % 30) : 1 + Math.floor(Math.random() * 30);
  const host = Math.floor(Math.random() * 100);
  return {
    source_type: "endpoint",
    event_type: "process_start",
    site_id: `AUDIO_${String(site).padStart(3, "0")}`,
    hostname: `ws-${site}-${host}`,
    source_ip: `10.${site}.1.${host}`,
    username: `user${i % 40}`,
    message: `process ${i} started`,
  };
}

async function main() {
  const storage = values.pg ? await benchDatabase(values.pg, "assets", values["db-prefix"]) : null;
  const config = loadConfig({
    VIGIE_DATA_DIR: "/tmp/vigie-bench-assets",
    LOG_LEVEL: "silent",
    VIGIE_ADMIN_PASSWORD: "bench-admin-password",
    ...(storage ? { DATABASE_URL: storage.url } : {}),
  });
  const db = storage ? undefined : await openDatabase({ embeddedDir: null });
  const ctx = await createContext(config, { logger: createLogger("silent"), ...(db ? { db } : {}) });
  await firstStart(config, ctx);
  try {
    for (const [label, learn] of [
      ["index only (baseline)", false],
      ["index + learn (new hosts)", true],
      ["index + learn (known hosts)", true],
    ] as const) {
      for (let i = 0; i < TOTAL; i += BATCH) {
        const records = Array.from({ length: BATCH }, (_, k) => record(i + k));
        await ctx.pipeline.submit(records, { receiver: "bench" });
      }
      const started = performance.now();
      let slices = 0;
      while ((await indexNextSlice(ctx.db, learn)) !== null) slices++;
      const ms = performance.now() - started;
      console.log(
        `${label.padEnd(28)} ${TOTAL} events, ${slices} slices: ${(ms / slices).toFixed(1)} ms per slice of ${BATCH} (${storage ? "postgres" : "embedded"}, spread ${values.spread})`,
      );
    }
    const { rows } = await ctx.db.pool.query("SELECT count(*)::int AS n FROM assets");
    console.log(`${rows[0].n} assets`);
  } finally {
    await ctx.close();
    await db?.close();
    await storage?.drop();
  }
}

await main();
