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

export type EventColumn = (typeof EVENT_COLUMNS)[number];

/** The PostgreSQL type of each column of `events`, which the writers encode for. */
export type ColumnType = "uuid" | "timestamptz" | "text" | "integer" | "json" | "jsonb";

export const EVENT_COLUMN_TYPES: Readonly<Record<EventColumn, ColumnType>> = {
  id: "uuid",
  timestamp: "timestamptz",
  received_at: "timestamptz",
  site_id: "text",
  source_type: "text",
  event_type: "text",
  severity: "text",
  status: "text",
  assigned_to: "text",
  source_ip: "text",
  dest_ip: "text",
  source_port: "integer",
  dest_port: "integer",
  hostname: "text",
  username: "text",
  message: "text",
  raw: "json",
  raw_log: "text",
  normalized: "jsonb",
  metadata: "jsonb",
  mitre_tactic: "text",
  mitre_technique: "text",
  scenario_run_id: "uuid",
  created_at: "timestamptz",
  updated_at: "timestamptz",
};

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
