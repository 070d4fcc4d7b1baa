import type { LogEvent } from "@vigie/contracts";

type TimeFields = "timestamp" | "received_at" | "created_at" | "updated_at";

/** An event as the pipeline stores it: the API shape with real dates (the columns of `events`). */
export type EventRow = Omit<LogEvent, TimeFields> & Record<TimeFields, Date>;

/** The columns of `events` in insert order (the generated `search` column is left out). */
export const EVENT_COLUMNS = [
  "id",
  "timestamp",
  "received_at",
  "site_id",
  "source_type",
  "event_type",
  "severity",
  "status",
  "assigned_to",
  "source_ip",
  "dest_ip",
  "source_port",
  "dest_port",
  "hostname",
  "username",
  "message",
  "raw",
  "raw_log",
  "normalized",
  "metadata",
  "mitre_tactic",
  "mitre_technique",
  "scenario_run_id",
  "created_at",
  "updated_at",
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
