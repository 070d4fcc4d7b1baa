import { type IngestEvent, IngestEventSchema } from "@vigie/contracts";
import { type ErrorDetail, zodDetails } from "../http/errors.ts";
import { newId } from "../platform/ids.ts";
import { classifySeverity } from "./classify.ts";
import type { EventRow } from "./event-row.ts";
import { recogniseDocument } from "./formats/index.ts";
import { inferEventType, normalize } from "./normalize/index.ts";
import { sanitizeText } from "./sanitize.ts";
import type { IngestContext } from "./sink.ts";
import { boundSourceFields } from "./source-fields.ts";
import { resolveEventTime } from "./timestamps.ts";

/** A record the pipeline accepted, or why it refused it. */
export type Prepared = { ok: true; row: EventRow } | { ok: false; error: string; details: ErrorDetail[] };

// Fields seed A senders and many agents nest in `metadata`; promoted when absent at the top level.
const PROMOTED = ["source_ip", "dest_ip", "source_port", "dest_port", "hostname", "username"] as const;

/** Validates, normalizes, classifies and sanitizes one submitted record into a storable row. */
export function prepareEvent(submitted: unknown, ctx: IngestContext, now: Date): Prepared {
  const recognised = ctx.recognise ? recogniseDocument(submitted, ctx.recognise.format) : null;
  if (recognised && !recognised.ok)
    return { ok: false, error: recognised.error, details: [refusal(recognised.error)] };
  const record = recognised ? recognised.record : submitted;
  const parsed = IngestEventSchema.safeParse(promoteFromMetadata(record));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "event";
    return {
      ok: false,
      error: `${field}: ${issue?.message ?? "invalid"}`,
      details: zodDetails(parsed.error),
    };
  }
  // The raw endpoint stores the shipper's document as sent; other receivers store the record itself.
  return { ok: true, row: toRow(parsed.data, submitted as Record<string, unknown>, ctx, now) };
}

function refusal(error: string): ErrorDetail {
  const colon = error.indexOf(": ");
  return { field: colon > 0 ? error.slice(0, colon) : "document", message: error, type: "unrecognised" };
}

/** The `normalized` of a record: its source type's contract keys, with the source's own fields beside them. */
export function normalizedOf(input: IngestEvent): Record<string, unknown> {
  const sourceFields = boundSourceFields(input.source_fields);
  if (!sourceFields) return normalize(input.source_type, input);
  return { ...sourceFields, ...normalize(input.source_type, { ...sourceFields, ...input }) };
}

function toRow(input: IngestEvent, raw: Record<string, unknown>, ctx: IngestContext, now: Date): EventRow {
  const normalized = normalizedOf(input);
  const eventType = input.event_type ?? inferEventType(input.source_type, normalized);
  const message = sanitizeText(input.message);
  const time = resolveEventTime(input.timestamp, now);
  const metadata = { ...(input.metadata ?? {}) };
  if (time.replaced && time.replaced !== "missing") {
    metadata.original_timestamp = input.timestamp;
    metadata.timestamp_replaced = time.replaced;
  }
  return {
    id: newId(),
    timestamp: time.time,
    received_at: now,
    site_id: ctx.forcedSiteId ?? input.site_id ?? ctx.defaultSiteId ?? null,
    source_type: input.source_type,
    event_type: sanitizeText(eventType) ?? "unknown",
    severity: input.severity ?? classifySeverity({ event_type: eventType, message, normalized }),
    status: "new",
    assigned_to: null,
    source_ip: sanitizeText(input.source_ip),
    dest_ip: sanitizeText(input.dest_ip),
    source_port: input.source_port ?? null,
    dest_port: input.dest_port ?? null,
    hostname: sanitizeText(input.hostname),
    username: sanitizeText(input.username),
    message,
    raw,
    raw_log: sanitizeText(input.raw_log),
    normalized,
    metadata,
    mitre_tactic: sanitizeText(input.mitre_tactic),
    mitre_technique: sanitizeText(input.mitre_technique),
    scenario_run_id: ctx.scenarioRunId ?? null,
    created_at: now,
    updated_at: now,
  };
}

function promoteFromMetadata(record: unknown): unknown {
  if (!isObject(record) || !isObject(record.metadata)) return record;
  const metadata = record.metadata;
  const missing = PROMOTED.filter((k) => record[k] === undefined && metadata[k] !== undefined);
  if (!missing.length) return record;
  return { ...Object.fromEntries(missing.map((k) => [k, metadata[k]])), ...record };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
