import type { AppContext } from "../container.ts";
import type { Database } from "../platform/db/database.ts";
import { ASSET_FACTS, learnAssets } from "./asset-learning.ts";
import type { WriterLoad } from "./event-writer.ts";

/** The searched document of the events row aliased `alias` (SQL function of migration 0006). */
export function documentOf(alias: string): string {
  const columns = [
    "event_type",
    "message",
    "hostname",
    "username",
    "source_ip",
    "dest_ip",
    "raw_log",
    "normalized",
  ];
  return `event_document(${columns.map((c) => `${alias}.${c}`).join(", ")})`;
}

/** Events indexed per statement at most: a statement holds a connection (the only one, embedded) this long. */
export const INDEX_SLICE = 1_000;

/** Backlog batches one slice looks at: small writes (single-event requests) are indexed together. */
const BATCHES_PER_SLICE = 64;

/**
 * The statement of one indexer slice: the oldest written batch (a slice of it when it is larger) and the
 * batches after it while they fit, into `event_search`, and — unless `learn` is false (the bench's
 * baseline) — their hosts folded into `assets` (docs/adr/0024). Each id is one index lookup (`LIMIT 1`),
 * else the planner may hash the slice and scan the whole day.
 */
export function sliceStatement(learn = true): string {
  return `WITH candidates AS (
       SELECT batch, first_ts, last_ts, ids FROM search_backlog
       ORDER BY batch LIMIT ${BATCHES_PER_SLICE} FOR UPDATE SKIP LOCKED),
     taken AS (
       SELECT batch, first_ts, last_ts, ids[1:${INDEX_SLICE}] AS slice, ids[${INDEX_SLICE + 1}:] AS rest
       FROM (SELECT *, row_number() OVER w AS n, sum(cardinality(ids)) OVER w AS upto
             FROM candidates WINDOW w AS (ORDER BY batch)) c
       WHERE n = 1 OR upto <= ${INDEX_SLICE}),
     shortened AS (
       UPDATE search_backlog b SET ids = t.rest FROM taken t WHERE b.batch = t.batch AND cardinality(t.rest) > 0),
     emptied AS (
       DELETE FROM search_backlog b USING taken t WHERE b.batch = t.batch AND cardinality(t.rest) = 0),
     slice_events AS (
       SELECT e.id, e."timestamp", e.site_id, ${documentOf("e")} AS document, ${ASSET_FACTS}
       FROM taken t CROSS JOIN LATERAL unnest(t.slice) AS u(id)
       CROSS JOIN LATERAL (SELECT * FROM events e
         WHERE e.id = u.id AND e."timestamp" BETWEEN t.first_ts AND t.last_ts LIMIT 1) AS e),
     indexed AS (
       INSERT INTO event_search (id, "timestamp", site_id, document)
       SELECT id, "timestamp", site_id, document FROM slice_events
       RETURNING 1)${
         learn
           ? `,
     learned AS (${learnAssets("slice_events")})`
           : ""
       }
     SELECT (SELECT count(*) FROM taken)::int AS taken, (SELECT count(*) FROM indexed)::int AS indexed`;
}

/**
 * Runs one slice (`sliceStatement`) in one statement, so a slice is indexed and learnt exactly once,
 * whichever node takes it. Returns the events indexed, or null when the backlog is empty.
 */
export async function indexNextSlice(db: Database, learn = true): Promise<number | null> {
  const { rows } = await db.pool.query<{ taken: number; indexed: number }>(sliceStatement(learn));
  return rows[0]?.taken ? rows[0].indexed : null;
}

/** Events written but not indexed yet (a gauge: how far search indexing lags behind ingest). */
export async function searchBacklog(db: Database): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    "SELECT coalesce(sum(cardinality(ids)), 0)::int AS n FROM search_backlog",
  );
  return rows[0]?.n ?? 0;
}

/** How often an idle indexer looks for new batches. */
const IDLE_POLL_MS = 250;

/**
 * Rest after each slice, as a multiple of the time the slice took, by what ingest asks of the database
 * on this node: with no write in flight the indexer takes most of a database core (it catches up after
 * a burst), beside writes at most a third of one, and a ninth while ingest is saturated.
 */
const REST_FACTOR: Record<WriterLoad, number> = { idle: 0.25, writing: 2, saturated: 8 };

/** Events the indexer lets wait while ingest is saturated; beyond, it keeps its pace beside writes (search reads the backlog, at a cost). */
export const DEFERRED_EVENTS_MAX = 100_000;

/** The rest after a slice that took `sliceMs` (a pure function of what the indexer sees). */
export function restAfterSlice(sliceMs: number, load: WriterLoad, backlog: number): number {
  const pace = load === "saturated" && backlog >= DEFERRED_EVENTS_MAX ? "writing" : load;
  return sliceMs * REST_FACTOR[pace];
}

/**
 * The search indexer of a worker node: indexes the backlog slice after slice, resting between slices,
 * so that an ingest burst is acknowledged first and indexed afterwards (search stays complete
 * meanwhile: it also reads the backlog). Its pace follows this node's ingest (`REST_FACTOR`), up to
 * `DEFERRED_EVENTS_MAX` events behind (docs/adr/0007).
 */
export function startSearchIndexer(ctx: AppContext): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    let rest = IDLE_POLL_MS;
    try {
      const started = performance.now();
      const indexed = await indexNextSlice(ctx.db);
      if (indexed !== null) {
        const sliceMs = performance.now() - started;
        const load = ctx.writer.load;
        rest = restAfterSlice(sliceMs, load, load === "saturated" ? await searchBacklog(ctx.db) : 0);
      }
    } catch (error) {
      if (!stopped) ctx.logger.error({ err: error }, "search indexing failed; retrying");
      rest = 5_000;
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), rest);
  };
  running = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
