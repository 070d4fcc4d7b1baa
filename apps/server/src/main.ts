import { firstStart, printFirstStart } from "./bootstrap/first-start.ts";
import { type Config, ConfigError, describeConfig, hasRole, loadConfig } from "./config.ts";
import { createContext } from "./container.ts";
import { startActionWorker } from "./detection/actions/worker.ts";
import { buildApp } from "./http/app.ts";
import { scheduleRetention } from "./ingest/retention.ts";
import { startSearchIndexer } from "./ingest/search-indexer.ts";
import { startSyslog } from "./ingest/syslog/start.ts";
import { scheduleFeeds } from "./modules/threat-intel/feeds.ts";
import { limitHeapGrowth } from "./platform/heap.ts";

/** Starts Vigie: config → context → first start → HTTP; SIGTERM/SIGINT stop accepting, flush and close. */
async function main(): Promise<void> {
  const config = loadOrExit();
  limitHeapGrowth(config.VIGIE_HEAP_GROWTH_PERCENT);
  const ctx = await createContext(config);
  // A promise nobody awaited must never take the node down with every request in flight: log it, go on.
  process.on("unhandledRejection", (reason) => ctx.logger.error({ err: reason }, "unhandled rejection"));
  ctx.logger.info({ config: describeConfig(config), storage: ctx.db.mode }, "starting Vigie");
  const report = await firstStart(config, ctx);
  if (report) printFirstStart(report);
  if (hasRole(config, "detect")) await ctx.engine.start();
  if (hasRole(config, "worker")) await startActionWorker(ctx);
  const retention = hasRole(config, "worker") ? scheduleRetention(ctx) : null;
  const indexer = hasRole(config, "worker") ? startSearchIndexer(ctx) : null;
  // Indicator lists fetched on a schedule (VIGIE_INDICATOR_FEEDS), by worker nodes.
  const feeds = hasRole(config, "worker") ? scheduleFeeds(ctx) : null;
  // Runs play on the nodes that take API requests; any node forwards controls over the bus.
  if (hasRole(config, "api")) await ctx.scenarios.start();
  const app = await buildApp(ctx);
  await app.listen({ port: config.PORT, host: config.HOST });
  // The geolocation database is read now (about a second), not while the first events wait for it.
  ctx.enrichment.warm();
  // Ingest nodes with a VIGIE_SYSLOG_* port: receivers into the pipeline, senders routed by site networks.
  const syslog = await startSyslog(ctx);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    retention?.stop();
    feeds?.stop();
    await syslog?.close();
    await app.close();
    await indexer?.stop();
    await ctx.scenarios.stop();
    await ctx.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function loadOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Vigie failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
