import type pg from "pg";
import { dayOf, PartitionManager } from "../apps/server/src/ingest/partitions.ts";
import { documentOf } from "../apps/server/src/ingest/search-indexer.ts";

/** How long each step of a bulk load took, in ms. */
export interface LoadTimes {
  insert: number;
  indexes: number;
  /** Filling the full-text index (`event_search`), as the search indexer would have. */
  search: number;
  rollups: number;
  vacuum: number;
}

const DAY = 86_400_000;
/** Days the generated events span, ending now. */
export const SPAN_DAYS = 30;
const CHUNK = 500_000;

// Deterministic pseudo-random columns from the row number: a different multiplicative hash per column.
const h = (multiplier: number, modulo: number) => `((i::bigint * ${multiplier}) % ${modulo})`;
const pickSql = (hash: string, weighted: [string, number][]) => {
  let upTo = 0;
  const cases = weighted.map(([value, share]) => {
    upTo += share;
    return `WHEN ${hash} < ${upTo} THEN '${value}'`;
  });
  return `CASE ${cases.join(" ")} ELSE '${weighted.at(-1)?.[0]}' END`;
};
const SOURCE = pickSql(h(2654435761, 1000), [
  ["firewall", 300],
  ["auth", 200],
  ["dns", 150],
  ["ids", 100],
  ["proxy", 100],
  ["endpoint", 70],
  ["network", 30],
  ["email", 20],
  ["active_directory", 15],
  ["application", 10],
  ["generic", 5],
]);
const SEVERITY = pickSql(h(40503, 1000), [
  ["info", 550],
  ["low", 200],
  ["medium", 150],
  ["high", 80],
  ["critical", 20],
]);
const STATUS = pickSql(h(69069, 1000), [
  ["new", 970],
  ["resolved", 15],
  ["investigating", 10],
  ["false_positive", 5],
]);
const SITE = `CASE WHEN ${h(48271, 100)} = 0 THEN NULL ELSE 'AUDIO_' || lpad((1 + ${h(16807, 30)})::text, 3, '0') END`;
const SOURCE_IP = `CASE WHEN ${h(22695477, 100)} < 15 THEN NULL WHEN ${h(22695477, 100)} < 35 THEN '203.0.113.' || ${h(1103515245, 250)} ELSE '10.' || (1 + ${h(16807, 30)}) || '.0.' || ${h(134775813, 50)} END`;
const EVENT_TYPE = pickSql(h(1664525, 100), [
  ["connection_allowed", 40],
  ["firewall_deny", 20],
  ["login_success", 15],
  ["login_failure", 15],
  ["port_scan", 5],
  ["ids_alert", 5],
]);

/** One chunk of generated events, in time order, spread over the SPAN_DAYS before `now`. */
function insertSql(first: number, last: number, total: number, now: number): string {
  const start = now - SPAN_DAYS * DAY;
  return `INSERT INTO events (id, "timestamp", received_at, site_id, source_type, event_type, severity, status, source_ip,
      dest_ip, dest_port, hostname, username, message, raw, normalized, created_at, updated_at)
    SELECT gen_random_uuid(), ts, ts, site, source, etype, severity, status, sip, '10.0.0.' || ${h(7, 20)}, 443,
      'host-' || ${h(31, 400)}, 'user' || ${h(37, 300)}, etype || ' from ' || coalesce(sip, '-'),
      jsonb_build_object('source_type', source, 'event_type', etype, 'source_ip', sip), '{}', ts, ts
    FROM (SELECT i, to_timestamp((${start} + (i::float8 / ${total}) * ${SPAN_DAYS * DAY}) / 1000) AS ts, ${SITE} AS site,
      ${SOURCE} AS source, ${EVENT_TYPE} AS etype, ${SEVERITY} AS severity, ${STATUS} AS status, ${SOURCE_IP} AS sip
      FROM generate_series(${first}, ${last}) AS i) g`;
}

async function timed(step: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await step();
  return performance.now() - started;
}

/**
 * Bulk-loads `total` events the way an operator would restore a dump: secondary indexes dropped and
 * the rollup trigger off during the insert, then indexes rebuilt, rollups rebuilt, VACUUM ANALYZE.
 */
export async function loadEvents(
  pool: pg.Pool,
  total: number,
  now: number,
  progress: (done: number) => void,
): Promise<LoadTimes> {
  const days = Array.from({ length: SPAN_DAYS + 2 }, (_, d) =>
    dayOf(new Date(now - (SPAN_DAYS - d + 1) * DAY)),
  );
  await new PartitionManager(pool).ensure(days);
  const { rows: indexes } = await pool.query<{ name: string; definition: string }>(
    "SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'events' AND indexname <> 'events_pkey'",
  );
  for (const index of indexes) await pool.query(`DROP INDEX ${index.name}`);
  await pool.query("ALTER TABLE events DISABLE TRIGGER events_rollups_insert");
  const insert = await timed(async () => {
    for (let first = 1; first <= total; first += CHUNK) {
      await pool.query(insertSql(first, Math.min(total, first + CHUNK - 1), total, now));
      progress(Math.min(total, first + CHUNK - 1));
    }
  });
  const indexesMs = await timed(async () => {
    // pg_indexes shows a partitioned index as `ON ONLY events`, which would skip the partitions.
    for (const index of indexes) await pool.query(index.definition.replace(" ON ONLY ", " ON "));
  });
  const search = await timed(() =>
    pool.query(
      `INSERT INTO event_search (id, "timestamp", site_id, document) SELECT e.id, e."timestamp", e.site_id, ${documentOf("e")} FROM events e`,
    ),
  );
  await pool.query("ALTER TABLE events ENABLE TRIGGER events_rollups_insert");
  const rollups = await timed(() => pool.query("SELECT event_rollups_rebuild()"));
  const vacuum = await timed(() => pool.query("VACUUM ANALYZE"));
  return { insert, indexes: indexesMs, search, rollups, vacuum };
}
