import {
  EVENT_STATUSES,
  fromAudioSocEventType,
  type LogEvent,
  SEVERITIES,
  SOURCE_TYPES,
} from "@vigie/contracts";
import { isAddress } from "../../ingest/policy/addresses.ts";
import { sanitizeText } from "../../ingest/sanitize.ts";

const REQUIRED = ["source", "event_type", "severity", "description"] as const;

/** The AudioSOC v1 API's event shape (its `/api/events` and `/api/ingest` answers). */
export function toAudioSocEvent(e: LogEvent) {
  return {
    id: e.id,
    timestamp: e.timestamp,
    source: e.source_type,
    event_type: e.event_type,
    severity: e.severity,
    description: e.message,
    raw_log: e.raw_log,
    metadata: e.metadata,
    status: e.status,
    assigned_to: e.assigned_to,
    site_id: e.site_id,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

/**
 * Checks a AudioSOC v1 ingest body with the AudioSOC v1 API's own 400 messages and turns it into a native record;
 * returns the message when it is refused.
 */
export function fromAudioSoc(body: unknown): { record: Record<string, unknown> } | { error: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { error: "Request body must be a JSON object" };
  const b = body as Record<string, unknown>;
  const missing = REQUIRED.filter((k) => b[k] === undefined || b[k] === null || b[k] === "");
  if (missing.length)
    return { error: `Missing required fields: [${missing.map((k) => `'${k}'`).join(", ")}]` };
  if (!SEVERITIES.includes(b.severity as never)) {
    return { error: `Invalid severity: ${shown(b.severity)}. Must be one of: ${SEVERITIES.join(", ")}` };
  }
  if (!SOURCE_TYPES.includes(b.source as never)) {
    return { error: `Invalid source: ${shown(b.source)}. Must be one of: ${SOURCE_TYPES.join(", ")}` };
  }
  if (typeof b.event_type !== "string" || typeof b.description !== "string") {
    return { error: "Fields event_type and description must be strings" };
  }
  const { source, description, ...rest } = b;
  return {
    record: {
      ...rest,
      ...fromClientMetadata(b),
      event_type: fromAudioSocEventType(b.event_type),
      source_type: source,
      message: description,
    },
  };
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);
const address = (value: unknown) => (typeof value === "string" && isAddress(value) ? value : undefined);

/**
 * The AudioSOC v1 client puts the actor in `metadata` (`user`, `target_user`, `attacker_ip`): they fill the event's
 * `username` and `source_ip` when the body does not set them. A renamed event type is kept in
 * `metadata.client_event_type`.
 */
function fromClientMetadata(b: Record<string, unknown>): Record<string, unknown> {
  const given = b.metadata;
  const m = (given && typeof given === "object" && !Array.isArray(given) ? given : {}) as Record<
    string,
    unknown
  >;
  const filled: Record<string, unknown> = {};
  const username = text(b.username) ?? text(m.user) ?? text(m.target_user);
  const sourceIp = text(b.source_ip) ?? address(m.attacker_ip) ?? address(m.source_ip);
  if (username !== undefined) filled.username = username;
  if (sourceIp !== undefined) filled.source_ip = sourceIp;
  if (fromAudioSocEventType(b.event_type as string) !== b.event_type)
    filled.metadata = { ...m, client_event_type: b.event_type };
  return filled;
}

// A refused value echoed in a message: any JSON value, even one whose `toString` is hostile, printable and short.
const shown = (value: unknown) => sanitizeText(value, 100);

/** The AudioSOC v1 API's triage statuses are the native event statuses. */
export const AUDIOSOC_STATUSES = EVENT_STATUSES;
