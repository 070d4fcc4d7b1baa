import type { LogEvent } from "@vigie/contracts";
import { type EventRow, toLogEvent } from "../../../ingest/event-row.ts";
import type { Database } from "../../../platform/db/database.ts";
import { buildEventSql, type EventQuery } from "../event-query.ts";
import { EVENT_SELECT_COLUMNS } from "../events.repository.ts";
import type { ExportFormat } from "./formats.ts";

/** Most rows one export writes (the issue's bound); a larger result is cut and says so. */
export const MAX_EXPORT_ROWS = 1_000_000;
/** Rows read per statement: bounded memory, one short statement at a time (the embedded store has one connection). */
const CHUNK = 2_000;

/** How many events an export of `query` writes (at most `limit`), and whether more matched. */
export async function exportSize(db: Database, query: EventQuery, limit: number) {
  const { from, where, params } = buildEventSql(query);
  const { rows } = await db.reads.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${where} LIMIT ${limit + 1}) bounded`,
    params,
  );
  const n = rows[0]?.n ?? 0;
  return { rows: Math.min(n, limit), truncated: n > limit };
}

/** The matching events, newest first, in chunks read by keyset (time, id), never by offset. */
async function* eventChunks(db: Database, query: EventQuery, limit: number): AsyncGenerator<LogEvent[]> {
  let after: { ts: Date; id: string } | null = null;
  let left = limit;
  while (left > 0) {
    const params: unknown[] = [];
    const sql = buildEventSql({ ...query, sort: undefined }, params);
    const keyset: string = after
      ? `("timestamp", id) < ($${params.push(after.ts)}, $${params.push(after.id)}::uuid)`
      : "";
    const where = [sql.where.replace(/^WHERE /, ""), keyset].filter(Boolean).join(" AND ");
    const { rows } = await db.reads.query<EventRow>(
      `SELECT ${EVENT_SELECT_COLUMNS} FROM ${sql.from} ${where ? `WHERE ${where}` : ""} ORDER BY ${sql.orderBy} LIMIT ${Math.min(CHUNK, left)}`,
      params,
    );
    if (!rows.length) return;
    yield rows.map(toLogEvent);
    left -= rows.length;
    const last = rows[rows.length - 1] as EventRow;
    after = { ts: last.timestamp, id: last.id };
    if (rows.length < CHUNK) return;
  }
}

/** The text of an export, piece by piece: opening, events, and a closing that says when the limit cut it. */
export async function* exportText(
  db: Database,
  query: EventQuery,
  format: ExportFormat,
  limit: number,
  truncated: boolean,
): AsyncGenerator<string> {
  yield format.head();
  let first = true;
  for await (const chunk of eventChunks(db, query, limit)) {
    let text = "";
    for (const event of chunk) {
      text += format.row(event, first);
      first = false;
    }
    yield text;
  }
  yield format.tail(truncated ? limit : null);
}
