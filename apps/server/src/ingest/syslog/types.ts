import type { IngestEvent, Severity } from "@vigie/contracts";

/** Wire formats the parser recognises; "raw" is a line without any syslog header. */
export type SyslogFormat = "rfc5424" | "rfc3164" | "raw";

/** A CEF or LEEF payload: header fields plus the key/value extension. */
export interface VendorPayload {
  kind: "cef" | "leef";
  version: string;
  vendor: string;
  product: string;
  productVersion: string;
  eventId: string;
  /** CEF "Name"; LEEF has none. */
  name: string | null;
  /** Our severity from the CEF severity field, when it has a known value. */
  severity: Severity | null;
  fields: Record<string, string>;
}

/** One syslog message split into its envelope and body; decoders read this, never the raw text again. */
export interface ParsedMessage {
  format: SyslogFormat;
  /** The whole message as received. */
  raw: string;
  /** Body after the header (after `program[pid]:` when there is one). */
  message: string;
  timestamp: string | null;
  hostname: string | null;
  program: string | null;
  pid: string | null;
  facility: number | null;
  syslogSeverity: number | null;
  msgid: string | null;
  structuredData: Record<string, Record<string, string>> | null;
  /** Set when the body is CEF or LEEF. */
  vendor: VendorPayload | null;
  /** Set when the body is a JSON object (e.g. Suricata EVE). */
  json: Record<string, unknown> | null;
  /** The relay's own header when the body carried the original line's header (rsyslog `imfile` → `omfwd`). */
  relay: { hostname: string | null; program: string | null } | null;
}

/** The object handed to the ingest sink: the native ingest body plus source-specific fields. */
export type SyslogEvent = IngestEvent & Record<string, unknown>;

/** What a decoder adds to the base event (event type, addresses, source-specific fields). */
export type DecodedFields = Partial<SyslogEvent>;

/** One entry of the decoder registry: a cheap pre-filter and the decoding itself. */
export interface Decoder {
  name: string;
  /** Cheap test (program, vendor, a prefix) deciding whether `decode` is worth trying. */
  matches(parsed: ParsedMessage): boolean;
  /** Our fields for this message, or null when the decoder does not understand it after all. */
  decode(parsed: ParsedMessage): DecodedFields | null;
}

/** Options of every parse function. */
export interface ParseOptions {
  /** The reference time for year-less timestamps (defaults to the current time). */
  now?: Date;
}
