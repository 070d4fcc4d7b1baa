import { ALERT_STATUSES, type AlertStatus, OPEN_ALERT_STATUSES } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import type { TimeRange } from "./time-range.ts";

/** Alert counts keyed by status, every status present. */
export type AlertsByStatus = Record<AlertStatus, number>;

const UNDEFINED_TABLE = "42P01";

/** The sum of the open statuses (CONTRACT §4.1: new + acknowledged + investigating). */
export function openAlerts(byStatus: AlertsByStatus): number {
  return OPEN_ALERT_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
}

/**
 * Counts from the `alerts` table of the detection module. Every count is 0 while that table does
 * not exist (a database migrated without detection): checked once, then any "undefined table"
 * error is read as "no alerts" too.
 */
export class AlertCounts {
  private present: Promise<boolean> | null = null;

  constructor(private readonly db: Database) {}

  /** Alerts by status, optionally of one site and created within a range. */
  async byStatus(filter: { siteId?: string; range?: TimeRange } = {}): Promise<AlertsByStatus> {
    const counts = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as AlertsByStatus;
    const values: unknown[] = [];
    const conditions: string[] = [];
    if (filter.siteId !== undefined) conditions.push(`site_id = $${values.push(filter.siteId)}`);
    if (filter.range && Number.isFinite(filter.range.from))
      conditions.push(`created_at >= $${values.push(new Date(filter.range.from))}`);
    if (filter.range && Number.isFinite(filter.range.to))
      conditions.push(`created_at < $${values.push(new Date(filter.range.to))}`);
    const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
    const rows = await this.query<{ status: AlertStatus; n: number }>(
      `SELECT status, count(*) AS n FROM alerts${where} GROUP BY status`,
      values,
    );
    for (const r of rows) if (r.status in counts) counts[r.status] = r.n;
    return counts;
  }

  /** Critical alerts still open (the dashboard's card), optionally of one site and created within a range. */
  async criticalOpen(filter: { siteId?: string; range?: TimeRange } = {}): Promise<number> {
    const values: unknown[] = [OPEN_ALERT_STATUSES];
    const conditions = ["severity = 'critical'", "status = ANY($1::text[])"];
    if (filter.siteId !== undefined) conditions.push(`site_id = $${values.push(filter.siteId)}`);
    if (filter.range && Number.isFinite(filter.range.from))
      conditions.push(`created_at >= $${values.push(new Date(filter.range.from))}`);
    if (filter.range && Number.isFinite(filter.range.to))
      conditions.push(`created_at < $${values.push(new Date(filter.range.to))}`);
    const rows = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alerts WHERE ${conditions.join(" AND ")}`,
      values,
    );
    return rows[0]?.n ?? 0;
  }

  /** Open alerts per site (sites without open alerts are absent). */
  async openBySite(siteIds?: string[]): Promise<Map<string, number>> {
    const values: unknown[] = [OPEN_ALERT_STATUSES];
    const bySite = siteIds
      ? ` AND site_id = ANY($${values.push(siteIds)}::text[])`
      : " AND site_id IS NOT NULL";
    const rows = await this.query<{ site_id: string; n: number }>(
      `SELECT site_id, count(*) AS n FROM alerts WHERE status = ANY($1::text[])${bySite} GROUP BY site_id`,
      values,
    );
    return new Map(rows.map((r) => [r.site_id, r.n]));
  }

  private async query<T>(text: string, values: unknown[]): Promise<T[]> {
    this.present ??= this.db.pool
      .query<{ present: boolean }>("SELECT to_regclass('alerts') IS NOT NULL AS present")
      .then((r) => r.rows[0]?.present === true)
      .catch((error: unknown) => {
        this.present = null; // storage was down: ask again next time
        throw error;
      });
    if (!(await this.present)) return [];
    try {
      return (await this.db.reads.query(text, values)).rows as T[];
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return [];
      throw error;
    }
  }
}
