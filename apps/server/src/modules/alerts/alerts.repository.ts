import { SEVERITIES } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import { toPgJson } from "../../platform/db/pg-json.ts";
import { newId } from "../../platform/ids.ts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";
import {
  type AlertFilter,
  type AlertSort,
  alertOrder,
  alertSortJoin,
  alertWhere,
  SEVERITY_RANK,
} from "./alert-filter.ts";
import { ALERT_COLUMNS, type AlertRow } from "./alert-row.ts";
import { type GroupedFiring, MAX_ALERT_EVENT_IDS } from "./firing-batch.ts";

const OPEN = "status IN ('new', 'acknowledged', 'investigating')";

/** How the grouped view of alerts folds them: per rule, or per rule and group value. */
export type AlertGrouping = "rule" | "rule_group";

/** One group of alerts as stored. */
export interface AlertGroupRow {
  rule_id: string;
  rule_name: string;
  group_value: string | null;
  count: number;
  open_count: number;
  unassigned_open_count: number;
  severity: string;
  first_seen: Date;
  last_seen: Date;
}

/** Data access for alerts and their status history. */
export class AlertsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores a batch of grouped firings in one statement: for each, a new alert or — when the rule already
   * has an open alert for the group — a merge into it (count, newest event ids, occurrences, last seen).
   * Safe across nodes: the open-alert unique index arbitrates. `inserted` tells new alerts from merges.
   * A new alert on a high or critical asset gets the rule's severity one step up (`asset_criticality` says why).
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
         mitre_techniques, rule_author, entities, asset_criticality, created_at, updated_at)
       SELECT id, rule_id, rule_name, vigie_raised_severity(severity, a.criticality), title, group_value, group_fields,
         ARRAY(SELECT jsonb_array_elements_text(matched_event_ids))::uuid[], matched_event_count, occurrences,
         first_seen, last_seen, 'new', site_id, mitre_tactic, mitre_technique,
         ARRAY(SELECT jsonb_array_elements_text(mitre_tactics)), ARRAY(SELECT jsonb_array_elements_text(mitre_techniques)),
         rule_author, x.entities, a.criticality, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS f(id uuid, rule_id uuid, rule_name text, severity text, title text,
         group_value text, group_fields jsonb, matched_event_ids jsonb, matched_event_count integer, occurrences integer,
         first_seen timestamptz, last_seen timestamptz, site_id text, mitre_tactic text, mitre_technique text,
         mitre_tactics jsonb, mitre_techniques jsonb, rule_author text)
       CROSS JOIN LATERAL (SELECT vigie_alert_entities(f.group_fields,
         ARRAY(SELECT jsonb_array_elements_text(f.matched_event_ids))::uuid[]) AS entities) AS x
       -- A host that is a high or critical asset raises the severity one step, in this same statement (ADR 0024).
       CROSS JOIN LATERAL (SELECT vigie_asset_criticality(f.site_id, x.entities) AS criticality) AS a
       ON CONFLICT (rule_id, group_value) WHERE ${OPEN} DO UPDATE SET
         matched_event_ids = (alerts.matched_event_ids || EXCLUDED.matched_event_ids)[
           GREATEST(1, cardinality(alerts.matched_event_ids) + cardinality(EXCLUDED.matched_event_ids) - ${MAX_ALERT_EVENT_IDS - 1}):],
         matched_event_count = alerts.matched_event_count + EXCLUDED.matched_event_count,
         occurrences = alerts.occurrences + EXCLUDED.occurrences,
         last_seen = GREATEST(alerts.last_seen, EXCLUDED.last_seen),
         entities = vigie_merge_entities(alerts.entities, EXCLUDED.entities),
         updated_at = EXCLUDED.updated_at
       RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
      [toPgJson(records), now],
    );
    return (rows as (AlertRow & { inserted: boolean })[]).map(({ inserted, ...row }) => ({
      row: row as AlertRow,
      inserted,
    }));
  }

  /** One page of alerts matching a filter, in the order asked (newest first by default), and their number. */
  async list(
    filter: AlertFilter,
    page: { offset: number; limit: number; sort?: AlertSort; order?: "asc" | "desc" },
  ): Promise<{ rows: AlertRow[]; total: number }> {
    const params: unknown[] = [];
    const where = alertWhere(filter, params);
    const [rows, count] = await Promise.all([
      this.db.reads.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts ${alertSortJoin(page.sort)} ${where} ${alertOrder(page.sort, page.order)}
         LIMIT ${page.limit} OFFSET ${page.offset}`,
        params,
      ),
      this.db.reads.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts ${where}`, params),
    ]);
    return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
  }

  /**
   * The alerts of a filter counted per rule (or per rule and group value), biggest first: how many, how many
   * still open, the highest severity, first and last activity.
   */
  async groups(
    filter: AlertFilter,
    by: AlertGrouping,
    page: { offset: number; limit: number },
  ): Promise<{ rows: AlertGroupRow[]; total: number }> {
    const params: unknown[] = [];
    const where = alertWhere(filter, params);
    const keys = by === "rule" ? "alerts.rule_id" : "alerts.rule_id, alerts.group_value";
    // The number of groups rides along each row (a window over the groups), saving a second aggregation.
    const { rows } = await this.db.reads.query<AlertGroupRow & { groups: number }>(
      `SELECT alerts.rule_id, max(alerts.rule_name) AS rule_name,
         ${by === "rule" ? "NULL" : "alerts.group_value"} AS group_value, count(*)::int AS count,
         (count(*) FILTER (WHERE ${OPEN}))::int AS open_count,
         (ARRAY['${[...SEVERITIES].reverse().join("','")}'])[max(${SEVERITY_RANK})] AS severity,
         min(alerts.first_seen) AS first_seen, max(alerts.last_seen) AS last_seen,
         (count(*) FILTER (WHERE alerts.assignee_id IS NULL AND ${OPEN}))::int AS unassigned_open_count,
         (count(*) OVER ())::int AS groups
       FROM alerts ${where} GROUP BY ${keys}
       ORDER BY count(*) DESC, max(alerts.last_seen) DESC, alerts.rule_id${by === "rule" ? "" : ", alerts.group_value"}
       LIMIT ${page.limit} OFFSET ${page.offset}`,
      params,
    );
    if (rows.length || !page.offset)
      return { rows: rows.map(({ groups: _, ...row }) => row), total: rows[0]?.groups ?? 0 };
    // Past the last page: count the groups on their own.
    const count = await this.db.reads.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM alerts ${where} GROUP BY ${keys}) AS g`,
      params,
    );
    return { rows: [], total: count.rows[0]?.n ?? 0 };
  }

  /** The newest alerts (other than `id`) sharing at least one of `entities`. */
  async sharingEntities(id: string, entities: string[], limit: number): Promise<AlertRow[]> {
    if (!entities.length) return [];
    const { rows } = await this.db.reads.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE alerts.entities && $1::text[] AND alerts.id <> $2
       ORDER BY alerts.last_seen DESC, alerts.id DESC LIMIT ${limit}`,
      [entities, id],
    );
    return rows;
  }

  async get(id: string): Promise<AlertRow | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.db.pool.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE alerts.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
