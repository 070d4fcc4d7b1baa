/**
 * `npm run bench:detect [-- --seconds 15 --rate 20000]`: the whole pipeline in one process (ingest →
 * group commit → bus → engine with 50 enabled rules → alerts → action jobs) on embedded storage, or on
 * PostgreSQL with `--pg <url>`. Reports the p50/p99 time from ingest acknowledgement to alert creation,
 * and the engine's rule × event evaluations per second on one core (live, and in a pure engine loop).
 * `--sigma windows,linux,network,web` also installs the shipped SigmaHQ pack's rules of those products,
 * every status and level, beside the bench rules (the live run only).
 */
import { parseArgs } from "node:util";
import { PACK_LEVELS, PACK_STATUSES, type RuleCreateInput, RuleCreateSchema } from "@vigie/contracts";
import { firstStart } from "../apps/server/src/bootstrap/first-start.ts";
import { loadConfig } from "../apps/server/src/config.ts";
import { createContext } from "../apps/server/src/container.ts";
import { startActionWorker } from "../apps/server/src/detection/actions/worker.ts";
import { evaluateEvent, RuleSet } from "../apps/server/src/detection/engine-core.ts";
import { MemoryWindowStore } from "../apps/server/src/detection/state/memory-store.ts";
import type { DetectionEvent } from "../apps/server/src/detection/types.ts";
import { toLogEvent } from "../apps/server/src/ingest/event-row.ts";
import { prepareEvent } from "../apps/server/src/ingest/prepare.ts";
import { rulePacksService } from "../apps/server/src/modules/rule-packs/rule-packs.routes.ts";
import { openDatabase } from "../apps/server/src/platform/db/database.ts";
import { createLogger } from "../apps/server/src/platform/logger.ts";
import { createEventFactory } from "../tools/generator/factory.ts";
import { createRandom } from "../tools/generator/random.ts";
import { siteIds } from "../tools/generator/sites.ts";
import { benchRules } from "./support/detect-rules.ts";
import { benchDatabase } from "./support/server.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    rate: { type: "string", default: "20000" },
    pg: { type: "string" },
    sigma: { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const TICK_MS = 50;
const PER_TICK = Math.round((RATE * TICK_MS) / 1000);
const MAX_IN_FLIGHT = 8;
const sites = siteIds(30);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const round = (n: number) => Math.round(n * 10) / 10;

/** Everyday traffic plus one `bench_trigger` per tick (a fresh host each time, so its rule fires at once). */
function trafficSource() {
  const factory = createEventFactory(createRandom(7), sites, () => new Date());
  const pool = Array.from({ length: 20_000 }, () => factory.everyday());
  let next = 0;
  let trigger = 0;
  return (timestamp: string) => {
    const batch: Record<string, unknown>[] = [];
    for (let i = 0; i < PER_TICK - 1; i++) batch.push({ ...pool[next++ % pool.length], timestamp });
    batch.push({
      source_type: "endpoint",
      event_type: "bench_trigger",
      hostname: `bench-${trigger++}`,
      site_id: "AUDIO_001",
      timestamp,
    });
    return batch;
  };
}

/** Installs the shipped SigmaHQ pack's rules of these products, as the install endpoint does. */
async function installPack(ctx: Awaited<ReturnType<typeof createContext>>, products: string[]) {
  const selection = { statuses: [...PACK_STATUSES], levels: [...PACK_LEVELS], products, dry_run: false };
  const result = await rulePacksService(ctx).install("sigmahq", selection, { actor: null });
  console.log(`SigmaHQ pack ${products.join("+")}: ${result.selected} files, ${result.created} created`);
}

async function livePipeline() {
  const storage = values.pg ? await benchDatabase(values.pg, "detect") : null;
  const config = loadConfig({
    VIGIE_DATA_DIR: "/tmp/vigie-bench-detect",
    LOG_LEVEL: "silent",
    VIGIE_ADMIN_PASSWORD: "bench-admin-password",
    ...(storage ? { DATABASE_URL: storage.url } : {}),
  });
  const db = storage ? undefined : await openDatabase({ embeddedDir: null });
  const ctx = await createContext(config, { logger: createLogger("silent"), ...(db ? { db } : {}) });
  await firstStart(config, ctx);
  for (const rule of benchRules()) await ctx.rules.create(RuleCreateSchema.parse(rule), { actor: null });
  if (values.sigma) await installPack(ctx, values.sigma.split(","));
  await ctx.engine.start();
  await startActionWorker(ctx);

  const acknowledged = new Map<string, number>();
  const latencies: number[] = [];
  ctx.bus.subscribe("alert.raised", ({ alert }) => {
    const ids = alert.matched_event_ids as string[];
    const ack = acknowledged.get(ids[ids.length - 1] ?? "");
    if (ack !== undefined) latencies.push(Math.max(0, performance.now() - ack));
  });

  const next = trafficSource();
  let inFlight = 0;
  let submitted = 0;
  let skippedTicks = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const ticks = Math.round((SECONDS * 1000) / TICK_MS);
  for (let tick = 0; tick < ticks; tick++) {
    const due = started + tick * TICK_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    if (inFlight >= MAX_IN_FLIGHT) {
      skippedTicks++;
      continue;
    }
    inFlight++;
    const batch = next(new Date().toISOString());
    submitted += batch.length;
    void ctx.pipeline.submit(batch, { receiver: "bench" }).then((outcome) => {
      const now = performance.now();
      for (const id of outcome.ids) acknowledged.set(id, now);
      inFlight--;
    });
  }
  while (inFlight) await new Promise((resolve) => setTimeout(resolve, 10));
  const ingestSeconds = (performance.now() - started) / 1000;
  await ctx.engine.idle();
  const cpu = process.cpuUsage(cpuStart);
  const stats = { ...ctx.engine.stats };
  await ctx.close();
  await db?.close();
  await storage?.drop();
  latencies.sort((a, b) => a - b);
  return {
    storage: storage ? "postgres" : "embedded",
    enabled_rules: ctx.engine.ruleCount,
    target_events_per_s: RATE,
    ingested_events_per_s: Math.round(submitted / ingestSeconds),
    skipped_ticks: skippedTicks,
    events_evaluated: stats.events,
    alerts_raised: latencies.length,
    ingest_ack_to_alert_ms: {
      p50: round(percentile(latencies, 0.5)),
      p99: round(percentile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? NaN),
    },
    engine_rule_evaluations_per_busy_s: Math.round(stats.evaluations / (stats.busy_ms / 1000)),
    engine_busy_share_of_wall: round((stats.busy_ms / 1000 / ingestSeconds) * 100),
    process_cpu_share_of_wall: round(((cpu.user + cpu.system) / 1e6 / ingestSeconds) * 100),
  };
}

/** The engine alone on one core: the same 50 rules over 200,000 stored-shape events. */
async function engineLoop() {
  const rules = [
    ...(await import("../apps/server/src/detection/default-rules.ts")).DEFAULT_RULES,
    ...benchRules(),
  ].map((rule: RuleCreateInput, index) => ({ ...RuleCreateSchema.parse(rule), id: `rule-${index}` }));
  const ruleSet = RuleSet.from(rules);
  const factory = createEventFactory(createRandom(11), sites, () => new Date());
  const base = Date.parse("2026-11-21T08:00:00.000Z");
  // Events as the pipeline stores them (normalized, classified), event time advancing 50 µs each.
  const events: DetectionEvent[] = [];
  for (let i = 0; events.length < 200_000; i++) {
    const prepared = prepareEvent(factory.everyday(), { receiver: "bench" }, new Date());
    if (prepared.ok)
      events.push({ ...toLogEvent(prepared.row), timestamp: new Date(base + i / 20).toISOString() });
  }
  const store = new MemoryWindowStore();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let firings = 0;
  for (const event of events) firings += (await evaluateEvent(ruleSet, event, store)).firings.length;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const evaluations = events.length * ruleSet.size;
  return {
    rules: ruleSet.size,
    events: events.length,
    firings,
    // On a shared machine the wall clock includes time the process waited for a core; CPU time does not.
    rule_evaluations_per_wall_s: Math.round(evaluations / seconds),
    rule_evaluations_per_cpu_s: Math.round(evaluations / cpuSeconds),
    events_per_cpu_s: Math.round(events.length / cpuSeconds),
  };
}

const engine = await engineLoop();
console.log("engine loop (one core):", JSON.stringify(engine));
const live = await livePipeline();
console.log("live pipeline:", JSON.stringify(live, null, 2));
process.exit(0);
