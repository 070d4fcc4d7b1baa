import type { EventStatus, LogEvent, Severity, SourceType } from "@vigie/contracts";

/** An event as the pipeline stores it (the columns of the `events` table). */
export interface EventRow {
  id: string;
  timestamp: Date;
  received_at: Date;
  site_id: string | null;
  source_type: SourceType;
  event_type: string;
  severity: Severity;
  status: EventStatus;
  assigned_to: string | null;
  source_ip: string | null;
  dest_ip: string | null;
  source_port: number | null;
  dest_port: number | null;
  hostname: string | null;
  username: string | null;
  message: string | null;
  raw: Record<string, unknown>;
  raw_log: string | null;
  normalized: Record<string, unknown>;
  metadata: Record<string, unknown>;
  mitre_tactic: string | null;
  mitre_technique: string | null;
  scenario_run_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The columns of `events` in insert order (the generated `search` column is left out). */
export const EVENT_COLUMNS = [
  "id", "timestamp", "received_at", "site_id", "source_type", "event_type", "severity", "status", "assigned_to",
  "source_ip", "dest_ip", "source_port", "dest_port", "hostname", "username", "message", "raw", "raw_log",
  "normalized", "metadata", "mitre_tactic", "mitre_technique", "scenario_run_id", "created_at", "updated_at",
] as const;

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** The API shape of a stored row (ISO Z timestamps), from a row of the pipeline or of a query. */
export function toLogEvent(row: EventRow): LogEvent {
  return {
    ...row,
    timestamp: iso(row.timestamp),
    received_at: iso(row.received_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
