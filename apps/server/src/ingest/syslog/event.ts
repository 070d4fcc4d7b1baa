import { markTruncated, TRUNCATED } from "../sanitize.ts";
import { attemptMetadata } from "./attempts.ts";
import { countMessage } from "./counters.ts";
import { type Decoded, decode } from "./decoders/index.ts";
import { parseMessage } from "./parse/index.ts";
import { fromSyslogSeverity } from "./severity.ts";
import type { ParsedMessage, ParseOptions, SyslogEvent } from "./types.ts";

const SHORT_FIELDS = ["event_type", "source_ip", "dest_ip", "hostname", "username"] as const;
const SHORT_TEXT = 255;

/** Options of `toSyslogEvent`: the parse clock and whether the receiver cut the message. */
export interface ToEventOptions extends ParseOptions {
  truncated?: boolean;
}

function withoutEmpty(record: Record<string, unknown>, keepNull = false): Record<string, unknown> {
  // A loop, not entries/filter/fromEntries: this runs for every received message.
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value !== undefined && (keepNull || value !== null)) kept[key] = value;
  }
  return kept;
}

function envelopeMetadata(parsed: ParsedMessage, decoded: Decoded | null, truncated: boolean) {
  return withoutEmpty({
    syslog_format: parsed.format,
    syslog_facility: parsed.facility,
    syslog_severity: parsed.syslogSeverity,
    program: parsed.program,
    pid: parsed.pid,
    msgid: parsed.msgid,
    structured_data: parsed.structuredData,
    decoder: decoded?.decoder,
    relay_host: parsed.relay?.hostname,
    relay_program: parsed.relay?.program,
    [TRUNCATED]: truncated || undefined,
  });
}

/**
 * Builds the ingest record for a parsed message: envelope fields, then whatever the decoder found. The
 * PRI severity is used only when no decoder understood the message (otherwise the classifier decides).
 */
export function buildEvent(parsed: ParsedMessage, decoded: Decoded | null, truncated = false): SyslogEvent {
  const { metadata: decodedMetadata, ...fields } = decoded?.fields ?? {};
  const severity = decoded ? null : fromSyslogSeverity(parsed.syslogSeverity);
  const event: SyslogEvent = {
    source_type: "generic",
    event_type: "syslog",
    source_ip: null,
    dest_ip: null,
    source_port: null,
    dest_port: null,
    username: null,
    hostname: parsed.hostname,
    message: parsed.message || parsed.raw,
    raw_log: parsed.raw,
    ...(parsed.timestamp ? { timestamp: parsed.timestamp } : {}),
    ...(severity ? { severity } : {}),
    ...withoutEmpty(fields, true),
    metadata: { ...envelopeMetadata(parsed, decoded, truncated), ...withoutEmpty(decodedMetadata ?? {}) },
  } as SyslogEvent;
  for (const key of SHORT_FIELDS) {
    const value = event[key];
    if (typeof value === "string" && value.length > SHORT_TEXT) {
      event[key] = value.slice(0, SHORT_TEXT);
      markTruncated(event.metadata as Record<string, unknown>);
    }
  }
  if (decoded) Object.assign(event.metadata as object, attemptMetadata(parsed, event));
  return event;
}

/** Parses, decodes and counts one received message; never throws and never drops the line. */
export function toSyslogEvent(text: string, options: ToEventOptions = {}): SyslogEvent {
  const parsed = parseMessage(text, options);
  const decoded = decode(parsed);
  countMessage(parsed, decoded);
  return buildEvent(parsed, decoded, options.truncated ?? false);
}
