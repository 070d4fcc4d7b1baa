import { type IngestEvent, IngestEventSchema } from "@vigie/contracts";
import { type ErrorDetail, zodDetails } from "../http/errors.ts";
import { newId } from "../platform/ids.ts";
import { classifySeverity } from "./classify.ts";
import type { EventRow } from "./event-row.ts";
import { recogniseDocument } from "./formats/index.ts";
import { inferEventType, normalize } from "./normalize/index.ts";
import {
  ADDRESS_FIELDS,
  addressDetails,
  invalidAddresses,
  isAddress,
  moveToMetadata,
} from "./policy/addresses.ts";
import { type RecordLimits, refusalText } from "./policy/input-policy.ts";
import { retentionDetail } from "./policy/retention-window.ts";
import { markTruncated, sanitizeField, sanitizeText } from "./sanitize.ts";
import type { IngestContext } from "./sink.ts";
import { boundSourceFields } from "./source-fields.ts";
import { type ResolvedTime, resolveEventTime } from "./timestamps.ts";

/** A record the pipeline accepted, or why it refused it. */
export type Prepared = { ok: true; row: EventRow } | { ok: false; error: string; details: ErrorDetail[] };

// Fields AudioSOC v1 senders and many agents nest in `metadata`; promoted when absent at the top level.
const PROMOTED = ["source_ip", "dest_ip", "source_port", "dest_port", "hostname", "username"] as const;
const ADDRESSES = new Set<string>(ADDRESS_FIELDS);

const refused = (details: ErrorDetail[]): Prepared => ({
  ok: false,
  error: refusalText(details[0]!),
  details,
});

/**
 * Validates, normalizes, classifies and sanitizes one submitted record into a storable row, applying the
 * input policy (docs/INGEST-POLICY.md) except the site check, which the pipeline makes per submission.
 * Without `limits` (benches, storage tests writing rows themselves) no retention window is checked.
 */
export function prepareEvent(
  submitted: unknown,
  ctx: IngestContext,
  now: Date,
  limits?: RecordLimits,
): Prepared {
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
  // What Vigie decoded itself (a syslog line, a shipper's document) keeps a bad address in metadata.
  const decoded = ctx.deviceLines === true || (recognised !== null && recognised.format !== "native");
  let input = parsed.data;
  const invalid = invalidAddresses(input);
  if (invalid.size && !decoded) return refused(addressDetails(invalid));
  if (invalid.size) input = moveToMetadata(input, invalid);
  const time = eventTime(input.timestamp, ctx, now, limits);
  if ("refusal" in time) return refused([time.refusal]);
  // The raw endpoint stores the shipper's document as sent; other receivers store the record itself.
  return { ok: true, row: toRow(input, submitted as Record<string, unknown>, ctx, now, time) };
}

/**
 * The event time, or its refusal when older than the retention window. Syslog lines are never refused
 * (nobody could be told): an old device clock is treated like any other implausible one.
 */
function eventTime(
  value: IngestEvent["timestamp"],
  ctx: IngestContext,
  now: Date,
  limits: RecordLimits | undefined,
): ResolvedTime | { refusal: ErrorDetail } {
  const time = resolveEventTime(value, now);
  if (!limits || time.time.getTime() >= limits.oldestAccepted.getTime()) return time;
  if (ctx.deviceLines) return { time: now, replaced: "older_than_retention" };
  return { refusal: retentionDetail(time.time, limits.oldestAccepted, limits.retentionDays) };
}

function refusal(error: string): ErrorDetail {
  const colon = error.indexOf(": ");
  return { field: colon > 0 ? error.slice(0, colon) : "document", message: error, type: "unrecognised" };
}

/**
 * The `normalized` of a record: its source type's contract keys, with the source's own fields beside them.
 * `onCut` hears when a source field had to be shortened or left out.
 */
export function normalizedOf(input: IngestEvent, onCut?: () => void): Record<string, unknown> {
  const sourceFields = boundSourceFields(input.source_fields, onCut);
  if (!sourceFields) return normalize(input.source_type, input);
  return { ...sourceFields, ...normalize(input.source_type, { ...sourceFields, ...input }) };
}

function toRow(
  input: IngestEvent,
  raw: Record<string, unknown>,
  ctx: IngestContext,
  now: Date,
  time: ResolvedTime,
): EventRow {
  const metadata = { ...(input.metadata ?? {}) };
  const normalized = normalizedOf(input, () => markTruncated(metadata));
  const eventType = input.event_type ?? inferEventType(input.source_type, normalized);
  const message = sanitizeField(input.message);
  const rawLog = sanitizeField(input.raw_log);
  if (message.cut || rawLog.cut) markTruncated(metadata);
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
    severity:
      input.severity ?? classifySeverity({ event_type: eventType, message: message.text, normalized }),
    status: "new",
    assigned_to: null,
    source_ip: sanitizeText(input.source_ip || null),
    dest_ip: sanitizeText(input.dest_ip || null),
    source_port: input.source_port ?? null,
    dest_port: input.dest_port ?? null,
    hostname: sanitizeText(input.hostname),
    username: sanitizeText(input.username),
    message: message.text,
    raw,
    raw_log: rawLog.text,
    normalized,
    metadata,
    mitre_tactic: sanitizeText(input.mitre_tactic),
    mitre_technique: sanitizeText(input.mitre_technique),
    scenario_run_id: ctx.scenarioRunId ?? null,
    created_at: now,
    updated_at: now,
  };
}

/** Copies the fields a sender nested in `metadata` to the top level; an address only when it is one. */
function promoteFromMetadata(record: unknown): unknown {
  if (!isObject(record) || !isObject(record.metadata)) return record;
  const metadata = record.metadata;
  const missing = PROMOTED.filter(
    (k) =>
      record[k] === undefined &&
      metadata[k] !== undefined &&
      (!ADDRESSES.has(k) || (typeof metadata[k] === "string" && isAddress(metadata[k]))),
  );
  if (!missing.length) return record;
  return { ...Object.fromEntries(missing.map((k) => [k, metadata[k]])), ...record };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
