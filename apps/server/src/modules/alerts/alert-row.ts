import type { AlertStatus, Severity } from "@vigie/contracts";

/** Columns of `alerts` in API order. */
export const ALERT_COLUMNS = `id, rule_id, rule_name, severity, title, group_value, group_fields, matched_event_ids, matched_event_count,
  occurrences, first_seen, last_seen, status, site_id, mitre_tactic, mitre_technique, mitre_tactics,
  mitre_techniques, rule_author, acknowledged_by,
  acknowledged_at, resolved_at, notes, created_at, updated_at`;

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
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
/** An alert as the API returns it. */
export type Alert = ReturnType<typeof toAlert>;
