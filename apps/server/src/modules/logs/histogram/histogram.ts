import type { EventHistogram } from "@vigie/contracts";
import type { Database } from "../../../platform/db/database.ts";
import { bucketStarts } from "../../dashboard/time-range.ts";
import { buildEventSql, type EventQuery } from "../event-query.ts";
import { bucketSizeFor } from "./bucket-size.ts";

const DAY = 86_400_000;

/**
 * The histogram of an event query over its window: `to` defaults to now, `from` to the earliest match
 * (a day before `to` when nothing matches). Buckets are aligned on the UTC epoch, as the dashboard's.
 * One statement on the reads pool, so the query timeout bounds it like the list it mirrors.
 */
export async function eventHistogram(
  db: Database,
  query: EventQuery,
  now = new Date(),
): Promise<EventHistogram> {
  const to = query.to ?? now;
  const from = query.from ?? (await earliestMatch(db, { ...query, to })) ?? new Date(to.getTime() - DAY);
  const step = bucketSizeFor(to.getTime() - from.getTime());
  const sql = buildEventSql({ ...query, from, to, sort: undefined }, [step]);
  const { rows } = await db.reads.query<{ start: string; n: number }>(
    `SELECT (floor(extract(epoch FROM "timestamp") * 1000 / $1::float8) * $1::float8)::int8 AS start, count(*) AS n
       FROM ${sql.from} ${sql.where} GROUP BY 1`,
    sql.params,
  );
  const counts = new Map(rows.map((r) => [Number(r.start), r.n]));
  const starts = bucketStarts({ from: from.getTime(), to: to.getTime() + 1 }, step);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    interval_ms: step,
    total: rows.reduce((sum, r) => sum + r.n, 0),
    buckets: starts.map((start) => ({ start: new Date(start).toISOString(), count: counts.get(start) ?? 0 })),
  };
}

/** The time of the oldest event matching a query (its other bounds kept), or null. */
async function earliestMatch(db: Database, query: EventQuery): Promise<Date | null> {
  const sql = buildEventSql({ ...query, sort: { field: "timestamp", order: "asc" } });
  const { rows } = await db.reads.query<{ timestamp: Date }>(
    `SELECT "timestamp" FROM ${sql.from} ${sql.where} ORDER BY ${sql.orderBy} LIMIT 1`,
    sql.params,
  );
  return rows[0]?.timestamp ?? null;
}
