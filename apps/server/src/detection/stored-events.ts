import type { Database } from "../platform/db/database.ts";
import { DOCUMENTS, EVENT_COLUMNS } from "./conditions/fields.ts";
import type { DetectionEvent } from "./types.ts";

/** Events read per query while streaming. */
const PAGE_SIZE = 5_000;

// What a rule can read: the columns it names and the documents it reads into (conditions/fields.ts).
const COLUMN_NAMES = [...EVENT_COLUMNS, ...DOCUMENTS].map((name) =>
  name === "timestamp" ? '"timestamp"' : name,
);
const DETECTION_COLUMNS = COLUMN_NAMES.map((name) => `e.${name}`).join(", ");

const NOT_PENDING = "AND NOT EXISTS (SELECT 1 FROM detection_pending p WHERE p.id = e.id)";

type Row = Omit<DetectionEvent, "timestamp"> & { timestamp: Date };

/** A range of stored events and how many to read at most. */
export interface StoredEventRange {
  /** Event time, exclusive. */
  from: Date;
  /** Event time, inclusive. */
  to: Date;
  /** Stop after this many events. */
  limit: number;
  /** Only events whose evaluation is committed (not in `detection_pending`): the state a restart rebuilds. */
  evaluatedOnly?: boolean;
  /** Only events of these types (read through the event-type index). */
  eventTypes?: readonly string[];
}

/**
 * Streams stored events of an event-time range in (timestamp, id) order, one page per query (keyset
 * pagination), so a long range never sits in memory and no connection is held between pages.
 */
export async function* storedEventsInTimeOrder(
  db: Database,
  range: StoredEventRange,
): AsyncGenerator<DetectionEvent> {
  let after: { ts: Date; id: string } | null = null;
  let read = 0;
  while (read < range.limit) {
    const size = Math.min(PAGE_SIZE, range.limit - read);
    const params: unknown[] = [range.from, range.to];
    const keyset: string = after
      ? `AND ("timestamp", id) > ($${params.push(after.ts)}, $${params.push(after.id)}::uuid)`
      : "";
    const evaluated = range.evaluatedOnly ? NOT_PENDING : "";
    const types = range.eventTypes ? `AND e.event_type = ANY($${params.push(range.eventTypes)}::text[])` : "";
    const { rows }: { rows: Row[] } = await db.pool.query<Row>(
      `SELECT ${DETECTION_COLUMNS} FROM events e WHERE "timestamp" > $1 AND "timestamp" <= $2 ${keyset}
       ${types} ${evaluated} ORDER BY "timestamp", id LIMIT ${size}`,
      params,
    );
    for (const row of rows) yield { ...row, timestamp: row.timestamp.toISOString() };
    read += rows.length;
    const last: Row | undefined = rows[rows.length - 1];
    if (!last || rows.length < size) return;
    after = { ts: last.timestamp, id: last.id };
  }
}

/**
 * The stored events already evaluated with event time after `from` (of `eventTypes` when given), in time
 * order, at most the newest `limit` of them (the engine's warm-up: older ones would only fill windows the
 * newer ones evict; a first-seen rule's history, docs/adr/0029).
 */
export async function* recentStoredEvents(
  db: Database,
  from: Date,
  limit: number,
  eventTypes?: readonly string[],
): AsyncGenerator<DetectionEvent> {
  const params: unknown[] = [from];
  const types = eventTypes ? `AND e.event_type = ANY($${params.push(eventTypes)}::text[])` : "";
  const { rows } = await db.pool.query<{ timestamp: Date }>(
    `SELECT "timestamp" FROM events e WHERE "timestamp" > $1 ${types} ${NOT_PENDING}
     ORDER BY "timestamp" DESC OFFSET ${limit} LIMIT 1`,
    params,
  );
  const start = rows[0]?.timestamp ?? from;
  yield* storedEventsInTimeOrder(db, {
    from: start,
    to: new Date(8.64e15),
    limit,
    evaluatedOnly: true,
    ...(eventTypes && { eventTypes }),
  });
}

/** Event time of the oldest stored event, or null (read through the time index). */
export async function oldestStoredEventTime(db: Database): Promise<Date | null> {
  const { rows } = await db.pool.query<{ oldest: Date | null }>(
    `SELECT min("timestamp") AS oldest FROM events`,
  );
  return rows[0]?.oldest ?? null;
}

/** Which pending events to read: all, or those stored at least `storedMsAgo` ago (database time), and how many at most. */
export interface PendingRange {
  storedMsAgo?: number;
  limit: number;
}

type PageOfPending = { storedMsAgo?: number; after?: { timestamp: string; id: string }; size: number };

/**
 * The stored events whose evaluation is not committed yet (`detection_pending`), in (timestamp, id)
 * order, a page of `PAGE_SIZE` at a time (keyset pagination, no connection held between pages).
 */
export async function* pendingStoredEvents(
  db: Database,
  range: PendingRange,
): AsyncGenerator<DetectionEvent[]> {
  let after: PageOfPending["after"];
  for (let read = 0; read < range.limit; read += PAGE_SIZE) {
    const size = Math.min(PAGE_SIZE, range.limit - read);
    const { events, last } = await pendingPage(db, { storedMsAgo: range.storedMsAgo, after, size });
    if (events.length) yield events;
    if (!last || last.read < size) return;
    after = last.key;
  }
}

/** One page of pending events; pending rows whose event is gone (retention) are deleted on the way. */
async function pendingPage(db: Database, range: PageOfPending) {
  const params: unknown[] = [];
  const stale =
    range.storedMsAgo === undefined
      ? ""
      : `AND p.added_at < now() - $${params.push(Math.trunc(range.storedMsAgo))} * interval '1 millisecond'`;
  const keyset = range.after
    ? `AND (p."timestamp", p.id) > ($${params.push(range.after.timestamp)}, $${params.push(range.after.id)}::uuid)`
    : "";
  const { rows } = await db.pool.query<Row & { pending_id: string; pending_ts: Date }>(
    `SELECT p.id AS pending_id, p."timestamp" AS pending_ts, ${DETECTION_COLUMNS}
     FROM detection_pending p LEFT JOIN events e ON e.id = p.id AND e."timestamp" = p."timestamp"
     WHERE true ${stale} ${keyset} ORDER BY p."timestamp", p.id LIMIT ${range.size}`,
    params,
  );
  const gone = rows.filter((row) => row.id === null).map((row) => row.pending_id);
  if (gone.length) await db.pool.query("DELETE FROM detection_pending WHERE id = ANY($1::uuid[])", [gone]);
  const events: DetectionEvent[] = rows
    .filter((row) => row.id !== null)
    .map(({ pending_id: _, pending_ts: __, ...row }) => ({ ...row, timestamp: row.timestamp.toISOString() }));
  const tail = rows[rows.length - 1];
  const last = tail && {
    read: rows.length,
    key: { timestamp: tail.pending_ts.toISOString(), id: tail.pending_id },
  };
  return { events, last };
}
