import type { EventStatus, LogEvent } from "@vigie/contracts";
import { type EventRow, toLogEvent } from "../../ingest/event-row.ts";
import type { Database } from "../../platform/db/database.ts";
import { isUuid } from "../users/users.repository.ts";
import { buildEventSql, type EventQuery } from "./event-query.ts";

/** Exact counts stop here; beyond, `total` is the planner's estimate and says so. */
export const EXACT_COUNT_LIMIT = 10_000;

const COLUMNS = `id, "timestamp", received_at, site_id, source_type, event_type, severity, status, assigned_to,
  source_ip, dest_ip, source_port, dest_port, hostname, username, message, raw, raw_log, normalized, metadata,
  mitre_tactic, mitre_technique, scenario_run_id, created_at, updated_at`;
const SELECT = `SELECT ${COLUMNS} FROM events`;

/** A page of events and its total. */
export interface EventPage {
  items: LogEvent[];
  total: number;
  estimated: boolean;
}

/** Reads and triages stored events. */
export class EventsRepository {
  constructor(private readonly db: Database) {}

  /** Events matching a query, newest first. */
  async list(query: EventQuery, offset: number, limit: number): Promise<EventPage> {
    const { from, where, orderBy, params } = buildEventSql(query);
    const rows = this.db.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${from} ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const [page, total] = await Promise.all([rows, this.count(`${from} ${where}`, params)]);
    return { items: page.rows.map(toLogEvent), ...total };
  }

  /** One event by id, or null (also for malformed ids). */
  async get(id: string): Promise<LogEvent | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.db.pool.query<EventRow>(`${SELECT} WHERE id = $1`, [id]);
    return rows[0] ? toLogEvent(rows[0]) : null;
  }

  /** Several events by id, newest first. */
  async getMany(ids: string[]): Promise<LogEvent[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const { rows } = await this.db.pool.query<EventRow>(
      `${SELECT} WHERE id = ANY($1::uuid[]) ORDER BY "timestamp" DESC`,
      [valid],
    );
    return rows.map(toLogEvent);
  }

  /** Changes triage status and/or assignment; returns the updated event or null. */
  async updateTriage(
    id: string,
    change: { status?: EventStatus; assigned_to?: string | null },
  ): Promise<LogEvent | null> {
    if (!isUuid(id)) return null;
    const sets: string[] = ["updated_at = now()"];
    const params: unknown[] = [id];
    if (change.status !== undefined) sets.push(`status = $${params.push(change.status)}`);
    if (change.assigned_to !== undefined) sets.push(`assigned_to = $${params.push(change.assigned_to)}`);
    const { rows } = await this.db.pool.query<EventRow>(
      `UPDATE events SET ${sets.join(", ")} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    );
    return rows[0] ? toLogEvent(rows[0]) : null;
  }

  /** `relation`: what follows FROM (the relation and its WHERE clause). */
  private async count(relation: string, params: unknown[]): Promise<{ total: number; estimated: boolean }> {
    const { rows } = await this.db.pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${relation} LIMIT ${EXACT_COUNT_LIMIT + 1}) bounded`,
      params,
    );
    const exact = rows[0]?.n ?? 0;
    if (exact <= EXACT_COUNT_LIMIT) return { total: exact, estimated: false };
    const plan = await this.db.pool.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${relation}`, params);
    const estimate = Number(plan.rows[0]?.["QUERY PLAN"]?.[0]?.Plan?.["Plan Rows"] ?? exact);
    return { total: Math.max(estimate, exact), estimated: true };
  }
}

/** Fields an analyst can pivot on (`ip` covers source and destination). */
export const PIVOT_COLUMNS = {
  ip: ["source_ip", "dest_ip"],
  username: ["username"],
  hostname: ["hostname"],
} as const;
export type PivotField = keyof typeof PIVOT_COLUMNS;

/** Every event sharing a value with the pivot, newest first, at most `limit`. */
export async function pivotEvents(
  db: Database,
  field: PivotField,
  value: string,
  limit = 500,
): Promise<LogEvent[]> {
  const where = PIVOT_COLUMNS[field].map((c) => `${c} = $1`).join(" OR ");
  const { rows } = await db.pool.query<EventRow>(
    `${SELECT} WHERE ${where} ORDER BY "timestamp" DESC LIMIT ${limit}`,
    [value],
  );
  return rows.map(toLogEvent);
}
