import type { AppContext } from "../container.ts";
import type { Database } from "../platform/db/database.ts";

/**
 * Moves the oldest written batch from `search_backlog` into the full-text index `event_search`, in one
 * statement (so a batch is indexed exactly once, whichever node takes it). Returns the events indexed,
 * or null when the backlog is empty.
 */
export async function indexNextBatch(db: Database): Promise<number | null> {
  const { rows } = await db.pool.query<{ taken: number; indexed: number }>(
    `WITH taken AS (
       DELETE FROM search_backlog WHERE batch = (
         SELECT batch FROM search_backlog ORDER BY batch LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING first_ts, last_ts, ids),
     indexed AS (
       INSERT INTO event_search (id, "timestamp", document)
       SELECT e.id, e."timestamp", event_document(e.event_type, e.message, e.hostname, e.username,
         e.source_ip, e.dest_ip, e.raw_log, e.normalized)
       FROM taken t CROSS JOIN LATERAL unnest(t.ids) AS u(id)
       JOIN events e ON e.id = u.id AND e."timestamp" BETWEEN t.first_ts AND t.last_ts
       RETURNING 1)
     SELECT (SELECT count(*) FROM taken)::int AS taken, (SELECT count(*) FROM indexed)::int AS indexed`,
  );
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
 * The search indexer of a worker node: indexes backlog batches one after another, resting after each
 * batch as long as the batch took, so that it uses at most half of the database's time and an ingest
 * burst is acknowledged first (search stays complete meanwhile: it reads the backlog too).
 */
export function startSearchIndexer(ctx: AppContext): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    let rest = IDLE_POLL_MS;
    try {
      const started = performance.now();
      const indexed = await indexNextBatch(ctx.db);
      if (indexed !== null) rest = performance.now() - started;
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
