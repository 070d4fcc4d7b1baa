import type { AlertStatus, Severity } from "@vigie/contracts";

const STORED_COLUMNS = `id, rule_id, rule_name, severity, title, group_value, group_fields, matched_event_ids, matched_event_count,
  occurrences, first_seen, last_seen, status, site_id, mitre_tactic, mitre_technique, mitre_tactics,
  mitre_techniques, rule_author, acknowledged_by,
  acknowledged_at, resolved_at, notes, assignee_id, assigned_at, entities, asset_criticality, created_at, updated_at`;

/**
 * Columns of `alerts` in API order, qualified by the table name (so they read the same in a join, an UPDATE …
 * FROM and a RETURNING), with the assignee's current username.
 */
export const ALERT_COLUMNS = `${STORED_COLUMNS.replace(/(\w+)/g, "alerts.$1")},
  (SELECT username FROM users WHERE users.id = alerts.assignee_id) AS assignee`;

/** A stored alert as PostgreSQL returns it. */
export interface AlertRow {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: Severity;
  title: string;
  group_value: string;
  /** The site (unless the rule groups across sites) and each group-by field, with its value. */
  group_fields: Record<string, string>;
  matched_event_ids: string[];
  matched_event_count: number;
  occurrences: number;
  first_seen: Date;
  last_seen: Date;
  status: AlertStatus;
  site_id: string | null;
  mitre_tactic: string | null;
  mitre_technique: string | null;
  mitre_tactics: string[];
  mitre_techniques: string[];
  /** The rule's author, credited on the alert (Sigma rules: Detection Rule License 1.1). */
  rule_author: string | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  notes: string | null;
  /** The user who works the alert, and their username now. */
  assignee_id: string | null;
  assignee: string | null;
  assigned_at: Date | null;
  /** The hosts, addresses and users the alert involves: `host:<name>`, `ip:<address>`, `user:<name>`. */
  entities: string[];
  /** The criticality (high, critical) of the asset whose host raised the severity one step, else null. */
  asset_criticality: "high" | "critical" | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The API shape of an alert (CONTRACT §6), plus `occurrences` and `first_seen`/`last_seen` (event time):
 * repeated firings of the rule for the same group are merged into the open alert.
 */
export function toAlert(row: AlertRow) {
  return {
    ...row,
    first_seen: row.first_seen.toISOString(),
    last_seen: row.last_seen.toISOString(),
    acknowledged_at: iso(row.acknowledged_at),
    resolved_at: iso(row.resolved_at),
    assigned_at: iso(row.assigned_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
/** An alert as the API returns it. */
export type Alert = ReturnType<typeof toAlert>;
