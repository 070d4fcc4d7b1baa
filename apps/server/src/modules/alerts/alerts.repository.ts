import type { AlertStatus, Severity } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import { toPgJson } from "../../platform/db/pg-json.ts";
import { newId } from "../../platform/ids.ts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";
import { ALERT_COLUMNS, type AlertRow } from "./alert-row.ts";
import { type GroupedFiring, MAX_ALERT_EVENT_IDS } from "./firing-batch.ts";

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
   * Stores a batch of grouped firings in one statement: for each, a new alert or — when the rule already
   * has an open alert for the group — a merge into it (count, newest event ids, occurrences, last seen).
   * Safe across nodes: the open-alert unique index arbitrates. `inserted` tells new alerts from merges.
   */
  async raise(executor: SqlExecutor, firings: readonly GroupedFiring[], now: Date) {
    if (!firings.length) return [];
    const records = firings.map(({ rule, ...firing }) => ({
      ...firing,
      id: newId(),
      rule_id: rule.id,
      rule_name: rule.name,
      severity: rule.severity,
      title: `${rule.name} [${firing.group_value}]`,
      matched_event_ids: firing.matched_event_ids.filter(isUuid),
      mitre_tactic: rule.mitre_tactic ?? null,
      mitre_technique: rule.mitre_technique ?? null,
      mitre_tactics: rule.mitre_tactics ?? [],
      mitre_techniques: rule.mitre_techniques ?? [],
      // Credited where a Sigma rule's alerts are shown (Detection Rule License 1.1).
      rule_author: rule.sigma?.author ?? null,
    }));
    const { rows } = await executor.query(
      `INSERT INTO alerts (id, rule_id, rule_name, severity, title, group_value, group_fields, matched_event_ids, matched_event_count,
         occurrences, first_seen, last_seen, status, site_id, mitre_tactic, mitre_technique, mitre_tactics,
         mitre_techniques, rule_author, created_at, updated_at)
       SELECT id, rule_id, rule_name, severity, title, group_value, group_fields,
         ARRAY(SELECT jsonb_array_elements_text(matched_event_ids))::uuid[], matched_event_count, occurrences,
         first_seen, last_seen, 'new', site_id, mitre_tactic, mitre_technique,
         ARRAY(SELECT jsonb_array_elements_text(mitre_tactics)), ARRAY(SELECT jsonb_array_elements_text(mitre_techniques)),
         rule_author, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS f(id uuid, rule_id uuid, rule_name text, severity text, title text,
         group_value text, group_fields jsonb, matched_event_ids jsonb, matched_event_count integer, occurrences integer,
         first_seen timestamptz, last_seen timestamptz, site_id text, mitre_tactic text, mitre_technique text,
         mitre_tactics jsonb, mitre_techniques jsonb, rule_author text)
       ON CONFLICT (rule_id, group_value) WHERE ${OPEN} DO UPDATE SET
         matched_event_ids = (alerts.matched_event_ids || EXCLUDED.matched_event_ids)[
           GREATEST(1, cardinality(alerts.matched_event_ids) + cardinality(EXCLUDED.matched_event_ids) - ${MAX_ALERT_EVENT_IDS - 1}):],
         matched_event_count = alerts.matched_event_count + EXCLUDED.matched_event_count,
         occurrences = alerts.occurrences + EXCLUDED.occurrences,
         last_seen = GREATEST(alerts.last_seen, EXCLUDED.last_seen),
         updated_at = EXCLUDED.updated_at
       RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
      [toPgJson(records), now],
    );
    return (rows as (AlertRow & { inserted: boolean })[]).map(({ inserted, ...row }) => ({
      row: row as AlertRow,
      inserted,
    }));
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
        newId(),
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
