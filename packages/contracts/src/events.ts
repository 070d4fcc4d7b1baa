import { z } from "zod";
import { type EVENT_STATUSES, SEVERITIES, SOURCE_TYPES } from "./enums.ts";

/** Longest text kept in `message` and `raw_log` (CONTRACT §3). */
export const MAX_TEXT_LENGTH = 10_240;

const port = z.number().int().min(0).max(65535);
const shortText = z.string().max(255);
// A JSON object of any fields: an object schema with none named checks the type and keeps every key in one
// pass, where `z.record(z.string(), z.unknown())` ran two schemas per key (a fifth of preparing a Windows event).
const fieldMap = z.looseObject({});

/**
 * The body of a native `POST /api/v1/logs/ingest` (native v1 API): `source_type` is required, any field not
 * named here is source-specific and kept (it reaches the normalizer and `raw`).
 */
export const IngestEventSchema = z.looseObject({
  source_type: z.enum(SOURCE_TYPES),
  event_type: shortText.min(1).optional(),
  source_ip: shortText.nullish(),
  dest_ip: shortText.nullish(),
  source_port: port.nullish(),
  dest_port: port.nullish(),
  hostname: shortText.nullish(),
  username: shortText.nullish(),
  message: z.string().max(1_000_000).nullish(),
  raw_log: z.string().max(1_000_000).nullish(),
  metadata: fieldMap.nullish(),
  mitre_tactic: shortText.nullish(),
  mitre_technique: shortText.nullish(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  site_id: shortText.min(1).nullish(),
  severity: z.enum(SEVERITIES).nullish(),
  /** The sender's own id of this event: a retry carrying it again within the window stores nothing new. */
  event_id: z.union([z.string().min(1).max(200), z.number()]).nullish(),
  /** The source's own fields under its own names (`EventID`, `Image`, `id.orig_h`…), kept in `normalized`. */
  source_fields: fieldMap.nullish(),
});
export type IngestEvent = z.infer<typeof IngestEventSchema>;

/** A stored event as the native API returns it (CONTRACT §3). */
export interface LogEvent {
  id: string;
  timestamp: string;
  received_at: string;
  site_id: string | null;
  source_type: (typeof SOURCE_TYPES)[number];
  event_type: string;
  severity: (typeof SEVERITIES)[number];
  status: (typeof EVENT_STATUSES)[number];
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
  created_at: string;
  updated_at: string;
}

/** The fields of one SSE `event: log` (CONTRACT §4.1), in the order they are sent. */
export const LOG_STREAM_KEYS = [
  "id",
  "timestamp",
  "site_id",
  "source_type",
  "severity",
  "event_type",
  "source_ip",
  "dest_ip",
  "hostname",
  "username",
] as const satisfies readonly (keyof LogEvent)[];

/** The payload of one SSE `event: log`. */
export type LogStreamItem = Pick<LogEvent, (typeof LOG_STREAM_KEYS)[number]>;

/** Native pagination envelope (CONTRACT §1). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  per_page: number;
  pages: number;
  /** True when `total` is a lower bound: more events match than were counted (10,000). */
  total_is_lower_bound?: boolean;
}

/** The error body of every 4xx/5xx (CONTRACT §1). */
export interface ApiErrorBody {
  error: string;
  message: string;
  details?: { field: string; message: string; type: string; position?: number }[];
  retry_after?: number;
}
