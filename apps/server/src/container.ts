import type { Logger } from "pino";
import { resolveSecretKey } from "./bootstrap/secret-key.ts";
import { type Config, hasRole } from "./config.ts";
import { INGEST_BACKPRESSURE } from "./detection/engine.ts";
import { registerDetectionMetrics } from "./detection/metrics.ts";
import { MemoryWindowStore } from "./detection/state/memory-store.ts";
import { RedisWindowStore } from "./detection/state/redis-store.ts";
import { createDetection } from "./detection/wiring.ts";
import { MemoryRateLimitStore, type RateLimitStore, RedisRateLimitStore } from "./http/rate-limit-store.ts";
import { ClaimStore } from "./ingest/claims.ts";
import { DeadLetterStore } from "./ingest/dead-letters.ts";
import type { Enrichment } from "./ingest/enrich/index.ts";
import { createEnrichment } from "./ingest/enrich/wiring.ts";
import { EventWriter } from "./ingest/event-writer.ts";
import { IngestPipeline } from "./ingest/pipeline.ts";
import { InputPolicy } from "./ingest/policy/input-policy.ts";
import { KnownSites } from "./ingest/policy/known-sites.ts";
import { copyInserter, recordsetInserter } from "./ingest/row-inserters.ts";
import { searchBacklog } from "./ingest/search-indexer.ts";
import type { SiteNetworks } from "./ingest/syslog/site-networks.ts";
import { AdminUsersService } from "./modules/admin/admin-users.service.ts";
import { AssetsRepository } from "./modules/assets/assets.repository.ts";
import { AssetsService } from "./modules/assets/assets.service.ts";
import { AttackRepository } from "./modules/attack/attack.repository.ts";
import { AttackService } from "./modules/attack/attack.service.ts";
import { AuditLog } from "./modules/audit/audit.service.ts";
import { AuthService } from "./modules/auth/auth.service.ts";
import { TokenService } from "./modules/auth/tokens.ts";
import type { CaseItemsService } from "./modules/cases/case-items.service.ts";
import type { CasesService } from "./modules/cases/cases.service.ts";
import { createCases } from "./modules/cases/cases.ts";
import { IngestTokenService } from "./modules/ingest-tokens/ingest-tokens.service.ts";
import { EventsRepository } from "./modules/logs/events.repository.ts";
import { SavedSearchesRepository } from "./modules/saved-searches/saved-searches.repository.ts";
import { SavedSearchesService } from "./modules/saved-searches/saved-searches.service.ts";
import { ScenarioService } from "./modules/scenarios/scenarios.service.ts";
import { SitesRepository } from "./modules/sites/sites.repository.ts";
import type { IndicatorSet } from "./modules/threat-intel/indicator-set.ts";
import { UsersRepository } from "./modules/users/users.repository.ts";
import type { Bus } from "./platform/bus/bus.ts";
import { MemoryBus } from "./platform/bus/memory-bus.ts";
import { RedisBus } from "./platform/bus/redis-bus.ts";
import { type Clock, systemClock } from "./platform/clock.ts";
import { type Database, openDatabase } from "./platform/db/database.ts";
import type { JobQueue } from "./platform/jobs/job-queue.ts";
import { PgBossJobQueue } from "./platform/jobs/pg-boss-queue.ts";
import { createLogger } from "./platform/logger.ts";
import { createMetrics, type Metrics } from "./platform/metrics.ts";

/** Everything the routes, receivers and workers use; built once per process. */
export interface AppContext {
  version: string;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  db: Database;
  bus: Bus;
  busMode: "memory" | "redis";
  writer: EventWriter;
  pipeline: IngestPipeline;
  /** The enrichers every ingested event goes through (none with `VIGIE_ENRICHMENT=off`). */
  enrichment: Enrichment;
  /** The site networks enrichment labels addresses with (reloaded on `sites.changed`); null when off. */
  enrichmentSites: SiteNetworks | null;
  /** The threat indicators enrichment tags events with (reloaded on `indicators.changed`); null when off. */
  indicators: IndicatorSet | null;
  users: UsersRepository;
  auth: AuthService;
  adminUsers: AdminUsersService;
  ingestTokens: IngestTokenService;
  sites: SitesRepository;
  audit: AuditLog;
  rateLimits: RateLimitStore;
  events: EventsRepository;
  jobs: JobQueue;
  rules: ReturnType<typeof createDetection>["rules"];
  ruleExceptions: ReturnType<typeof createDetection>["ruleExceptions"];
  alerts: ReturnType<typeof createDetection>["alerts"];
  alertTriage: ReturnType<typeof createDetection>["alertTriage"];
  engine: ReturnType<typeof createDetection>["engine"];
  scenarios: ScenarioService;
  assets: AssetsService;
  attack: AttackService;
  cases: CasesService;
  caseItems: CaseItemsService;
  savedSearches: SavedSearchesService;
  close(): Promise<void>;
}

/** Test seams: a database or clock chosen by the caller. */
export interface ContextOverrides {
  db?: Database;
  /** A bus built by the caller (closed with the context), e.g. a Redis bus that takes over stale entries sooner. */
  bus?: Bus;
  clock?: Clock;
  logger?: Logger;
  rateLimits?: RateLimitStore;
}

/** The only place that picks adapters: embedded or PostgreSQL storage, in-process or Redis bus. */
export async function createContext(config: Config, overrides: ContextOverrides = {}): Promise<AppContext> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  const db =
    overrides.db ??
    (await openDatabase({
      ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { embeddedDir: `${config.dataDir}/pg` }),
      queryTimeoutMs: config.VIGIE_QUERY_TIMEOUT_SECONDS * 1000,
    }));
  const onBusError = (topic: string, error: unknown) => logger.error({ err: error, topic }, "bus failure");
  const bus: Bus =
    overrides.bus ??
    (config.REDIS_URL
      ? new RedisBus({ url: config.REDIS_URL, prefix: config.VIGIE_REDIS_PREFIX, onError: onBusError })
      : new MemoryBus(onBusError));
  // COPY where the engine speaks it (PostgreSQL), one INSERT … json_to_recordset statement elsewhere.
  const writer = new EventWriter(db, {
    inserter: db.mode === "postgres" ? copyInserter : recordsetInserter,
    idempotencyWindowSeconds: config.VIGIE_IDEMPOTENCY_WINDOW_HOURS * 3600,
    maxQueuedRows: config.VIGIE_INGEST_QUEUE_EVENTS,
  });
  const metrics = createMetrics();
  metrics.gauge("vigie_ingest_queue_rows", "Event rows waiting for the group commit", () => writer.depth);
  metrics.gauge("vigie_search_backlog_events", "Stored events not yet in the full-text index", () =>
    searchBacklog(db),
  );
  const { embeddedMemory } = db;
  if (embeddedMemory) {
    metrics.gauge(
      "vigie_embedded_wasm_memory_bytes",
      "WebAssembly memory of the embedded database (it grows and never shrinks)",
      async () => (await embeddedMemory()).wasmBytes,
    );
    metrics.gauge(
      "vigie_embedded_worker_heap_bytes",
      "JavaScript heap used by the embedded database's thread",
      async () => (await embeddedMemory()).heapBytes,
    );
  }
  const users = new UsersRepository(db);
  const auth = new AuthService(users, new TokenService(await resolveSecretKey(config, db)), bus);
  const rateLimits =
    overrides.rateLimits ??
    (config.REDIS_URL
      ? RedisRateLimitStore.connect(config.REDIS_URL, config.VIGIE_REDIS_PREFIX, logger)
      : new MemoryRateLimitStore(systemClock));
  const audit = new AuditLog(db, clock, logger);
  const events = new EventsRepository(db);
  const jobs = new PgBossJobQueue(db, logger);
  // Several detect nodes share windows and cooldowns in Redis; one node keeps them in memory.
  const sharedStore =
    config.REDIS_URL && hasRole(config, "detect")
      ? RedisWindowStore.connect(config.REDIS_URL, { prefix: config.VIGIE_REDIS_PREFIX, logger })
      : null;
  const store = sharedStore ?? new MemoryWindowStore();
  const recoveryStore = sharedStore ? () => new MemoryWindowStore() : undefined;
  const detection = createDetection({ db, bus, clock, logger, events, audit, jobs, store, recoveryStore });
  registerDetectionMetrics(metrics, detection.engine, jobs);
  const enrich = await createEnrichment({ config, db, bus, clock, logger, metrics });
  const { enrichment, enrichmentSites, indicators } = enrich;
  // Ingest waits while this node's detection engine is behind (ack → alert stays short under load).
  const pipeline = new IngestPipeline(
    writer,
    new DeadLetterStore(db),
    bus,
    clock,
    metrics,
    new ClaimStore(db),
    new InputPolicy(
      { unknownSites: config.VIGIE_UNKNOWN_SITES, retentionDays: config.VIGIE_RETENTION_DAYS },
      new KnownSites(db, bus),
    ),
    enrichment,
    () => detection.engine.whenQueuedAtMost(INGEST_BACKPRESSURE.events, INGEST_BACKPRESSURE.waitMs),
  );
  return {
    version: "0.1.0",
    config,
    logger,
    metrics,
    clock,
    db,
    bus,
    busMode: config.REDIS_URL ? "redis" : "memory",
    writer,
    pipeline,
    enrichment,
    enrichmentSites,
    indicators,
    users,
    auth,
    adminUsers: new AdminUsersService(users, auth),
    ingestTokens: new IngestTokenService(db, bus),
    sites: new SitesRepository(db),
    audit,
    rateLimits,
    events,
    jobs,
    ...detection,
    scenarios: new ScenarioService({ config, db, bus, clock, logger, audit, sink: pipeline }),
    assets: new AssetsService({ assets: new AssetsRepository(db), audit, clock }),
    attack: new AttackService({ attack: new AttackRepository(db), clock }),
    ...createCases({ db, bus, clock, audit }),
    savedSearches: new SavedSearchesService({ searches: new SavedSearchesRepository(db), audit, clock }),
    async close() {
      await writer.drain();
      enrich.stop();
      await detection.engine.stop();
      await sharedStore?.close();
      await jobs.stop();
      await bus.close();
      await rateLimits.close();
      if (!overrides.db) await db.close();
    },
  };
}
