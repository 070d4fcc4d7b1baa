import type { EventStatus, LogEvent } from "@vigie/contracts";
import { type EventRow, toLogEvent } from "../../ingest/event-row.ts";
import type { Database } from "../../platform/db/database.ts";
import { DashboardRepository } from "../dashboard/dashboard.repository.ts";
import { isUuid } from "../users/users.repository.ts";
import { buildEventSql, type EventQuery } from "./event-query.ts";

/**
 * Counting matches stops here, as in Elasticsearch's default: beyond it `total` is this lower bound and
 * says so, unless the rollups can count the query exactly (only site, severity, source type and status).
 */
export const EXACT_COUNT_LIMIT = 10_000;
const ROLLUP_FILTERS: readonly string[] = ["site_id", "severity", "source_type", "status"];

/** The columns of a stored event as the API returns it. */
export const EVENT_SELECT_COLUMNS = `id, "timestamp", received_at, site_id, source_type, event_type, severity, status, assigned_to,
  source_ip, dest_ip, source_port, dest_port, hostname, username, message, raw, raw_log, normalized, metadata,
  mitre_tactic, mitre_technique, scenario_run_id, created_at, updated_at`;
const SELECT = `SELECT ${EVENT_SELECT_COLUMNS} FROM events`;

/** A page of events and its total. */
export interface EventPage {
  items: LogEvent[];
  total: number;
  /** True when `total` is a lower bound (more matches than were counted). */
  lowerBound: boolean;
}

/** Reads and triages stored events. */
export class EventsRepository {
  private readonly counts: DashboardRepository;
  /** `countLimit`: where counting matches stops (a test seam; EXACT_COUNT_LIMIT otherwise). */
  constructor(
    private readonly db: Database,
    private readonly countLimit = EXACT_COUNT_LIMIT,
  ) {
    this.counts = new DashboardRepository(db);
  }

  /** Events matching a query, newest first. */
  async list(query: EventQuery, offset: number, limit: number): Promise<EventPage> {
    const { from, where, orderBy, params } = buildEventSql(query);
    const rows = this.db.reads.query<EventRow>(
      `SELECT ${EVENT_SELECT_COLUMNS} FROM ${from} ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const [page, total] = await Promise.all([rows, this.count(query, `${from} ${where}`, params)]);
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
      `UPDATE events SET ${sets.join(", ")} WHERE id = $1 RETURNING ${EVENT_SELECT_COLUMNS}`,
      params,
    );
    return rows[0] ? toLogEvent(rows[0]) : null;
  }

  /** `relation`: what follows FROM (the relation and its WHERE clause). */
  private async count(
    query: EventQuery,
    relation: string,
    params: unknown[],
  ): Promise<{ total: number; lowerBound: boolean }> {
    const { rows } = await this.db.reads.query<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${relation} LIMIT ${this.countLimit + 1}) bounded`,
      params,
    );
    const counted = rows[0]?.n ?? 0;
    if (counted <= this.countLimit) return { total: counted, lowerBound: false };
    const filters = Object.entries(query.equals).filter(([, v]) => v !== undefined);
    if (query.query || !filters.every(([k]) => ROLLUP_FILTERS.includes(k)))
      return { total: this.countLimit, lowerBound: true };
    const total = await this.counts.total({
      family: "events",
      range: { from: query.from?.getTime() ?? -Infinity, to: query.to ? query.to.getTime() + 1 : Infinity },
      where: Object.fromEntries(filters),
    });
    return { total, lowerBound: false };
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
  const { rows } = await db.reads.query<EventRow>(
    `${SELECT} WHERE ${where} ORDER BY "timestamp" DESC LIMIT ${limit}`,
    [value],
  );
  return rows.map(toLogEvent);
}
