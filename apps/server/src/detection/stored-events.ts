import type { Database } from "../platform/db/database.ts";
import type { DetectionEvent } from "./types.ts";

/** Events read per query while streaming. */
const PAGE_SIZE = 5_000;

const DETECTION_COLUMNS = `id, "timestamp", site_id, source_type, event_type, severity, source_ip, dest_ip,
  source_port, dest_port, hostname, username, normalized, metadata, message, raw, raw_log`;

type Row = Omit<DetectionEvent, "timestamp"> & { timestamp: Date };

/** A range of stored events and how many to read at most. */
export interface StoredEventRange {
  /** Event time, exclusive. */
  from: Date;
  /** Event time, inclusive. */
  to: Date;
  /** Stop after this many events. */
  limit: number;
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
    const { rows }: { rows: Row[] } = await db.pool.query<Row>(
      `SELECT ${DETECTION_COLUMNS} FROM events WHERE "timestamp" > $1 AND "timestamp" <= $2 ${keyset}
       ORDER BY "timestamp", id LIMIT ${size}`,
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
 * The stored events with event time after `from`, in time order, at most the newest `limit` of them
 * (the engine's warm-up: older ones would only fill windows the newer ones evict).
 */
export async function* recentStoredEvents(
  db: Database,
  from: Date,
  limit: number,
): AsyncGenerator<DetectionEvent> {
  const { rows } = await db.pool.query<{ timestamp: Date }>(
    `SELECT "timestamp" FROM events WHERE "timestamp" > $1 ORDER BY "timestamp" DESC OFFSET ${limit} LIMIT 1`,
    [from],
  );
  const start = rows[0]?.timestamp ?? from;
  yield* storedEventsInTimeOrder(db, { from: start, to: new Date(8.64e15), limit });
}
