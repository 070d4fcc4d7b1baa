import type { AlertStatus, Rule, Severity } from "@vigie/contracts";
import { v7 as uuidv7 } from "uuid";
import type { Firing } from "../../detection/types.ts";
import type { Database } from "../../platform/db/database.ts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";
import { ALERT_COLUMNS, type AlertRow } from "./alert-row.ts";

/** Event ids an alert keeps (the newest); `matched_event_count` stays exact. */
export const MAX_ALERT_EVENT_IDS = 500;
const OPEN = "status IN ('new', 'acknowledged', 'investigating')";

/** Filters of `GET /alerts`. */
export interface AlertFilter {
  status?: AlertStatus;
  severity?: Severity;
  rule_id?: string;
  site_id?: string;
}

/** One status change of an alert, as stored. */
export interface StatusChange {
  status: AlertStatus;
  notes?: string | null;
  actor: { id?: string | null; username: string | null } | null;
  at: Date;
}

/** Data access for alerts and their status history. */
export class AlertsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores a firing: a new alert, or — when the rule already has an open alert for the group — merged
   * into it (count, newest event ids, occurrences, last seen). One statement, safe across nodes.
   */
  async raise(executor: SqlExecutor, firing: Firing, rule: Rule, now: Date) {
    const { rows } = await executor.query(
      `INSERT INTO alerts (id, rule_id, rule_name, severity, title, group_value, matched_event_ids,
         matched_event_count, first_seen, last_seen, status, site_id, mitre_tactic, mitre_technique, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9, $9, 'new', $10, $11, $12, $13, $13)
       ON CONFLICT (rule_id, group_value) WHERE ${OPEN} DO UPDATE SET
         matched_event_ids = (alerts.matched_event_ids || EXCLUDED.matched_event_ids)[
           GREATEST(1, cardinality(alerts.matched_event_ids) + cardinality(EXCLUDED.matched_event_ids) - ${MAX_ALERT_EVENT_IDS - 1}):],
         matched_event_count = alerts.matched_event_count + EXCLUDED.matched_event_count,
         occurrences = alerts.occurrences + 1,
         last_seen = GREATEST(alerts.last_seen, EXCLUDED.last_seen),
         updated_at = EXCLUDED.updated_at
       RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
      [
        uuidv7(),
        rule.id,
        rule.name,
        rule.severity,
        `${rule.name} [${firing.group_value}]`,
        firing.group_value,
        firing.matched_event_ids.filter(isUuid),
        firing.matched_event_count,
        firing.event_time,
        firing.site_id,
        rule.mitre_tactic ?? null,
        rule.mitre_technique ?? null,
        now,
      ],
    );
    const { inserted, ...row } = rows[0] as AlertRow & { inserted: boolean };
    return { row: row as AlertRow, inserted };
  }

  /** One page of alerts, newest first. */
  async list(
    filter: AlertFilter,
    offset: number,
    limit: number,
  ): Promise<{ rows: AlertRow[]; total: number }> {
    const params: unknown[] = [];
    const where = Object.entries(filter)
      .filter(([field, value]) => value !== undefined && (field !== "rule_id" || isUuid(value)))
      .map(([field, value]) => `${field} = $${params.push(value)}`);
    if (filter.rule_id !== undefined && !isUuid(filter.rule_id)) where.push("false");
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const [page, count] = await Promise.all([
      this.db.pool.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts ${clause} ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.db.pool.query<{ n: number }>(`SELECT count(*) AS n FROM alerts ${clause}`, params),
    ]);
    return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
  }

  async get(id: string): Promise<AlertRow | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.db.pool.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  /**
   * Moves an alert to a status and records who did it: acknowledging stamps `acknowledged_by/at`,
   * resolving (or false positive) stamps `resolved_at`, reopening clears it. Null when the alert is unknown.
   */
  async changeStatus(executor: SqlExecutor, id: string, change: StatusChange): Promise<AlertRow | null> {
    if (!isUuid(id)) return null;
    const { rows } = await executor.query(
      `WITH previous AS (SELECT id, status FROM alerts WHERE id = $1 FOR UPDATE)
       UPDATE alerts SET status = $2, notes = COALESCE($3, notes), updated_at = $5,
         acknowledged_by = CASE WHEN $2 = 'acknowledged' THEN $4 ELSE acknowledged_by END,
         acknowledged_at = CASE WHEN $2 = 'acknowledged' THEN $5 ELSE acknowledged_at END,
         resolved_at = CASE WHEN $2 IN ('resolved', 'false_positive') THEN $5
                            WHEN $2 IN ('new', 'acknowledged', 'investigating') THEN NULL ELSE resolved_at END
       FROM previous WHERE alerts.id = previous.id
       RETURNING ${ALERT_COLUMNS.replace(/(\w+)/g, "alerts.$1")}, previous.status AS previous_status`,
      [id, change.status, change.notes ?? null, change.actor?.username ?? null, change.at],
    );
    const updated = rows[0] as (AlertRow & { previous_status: AlertStatus }) | undefined;
    if (!updated) return null;
    const { previous_status, ...row } = updated;
    await executor.query(
      `INSERT INTO alert_history (id, alert_id, at, actor_id, actor, from_status, to_status, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        uuidv7(),
        id,
        change.at,
        change.actor?.id ?? null,
        change.actor?.username ?? null,
        previous_status,
        change.status,
        change.notes ?? null,
      ],
    );
    return row;
  }

  /** The status changes of an alert, oldest first. */
  async history(alertId: string) {
    const { rows } = await this.db.pool.query<{
      at: Date;
      by: string | null;
      from: string | null;
      to: string;
      notes: string | null;
    }>(
      `SELECT at, actor AS by, from_status AS "from", to_status AS "to", notes
       FROM alert_history WHERE alert_id = $1 ORDER BY at, id`,
      [alertId],
    );
    return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
  }
}
