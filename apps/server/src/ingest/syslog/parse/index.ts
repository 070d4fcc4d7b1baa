import type { ParsedMessage, ParseOptions, VendorPayload } from "../types.ts";
import { parseCef } from "./cef.ts";
import { emptyMessage } from "./envelope.ts";
import { parseLeef } from "./leef.ts";
import { parseRfc3164 } from "./rfc3164.ts";
import { parseRfc5424 } from "./rfc5424.ts";

const VENDOR_PARSERS: readonly ((text: string) => VendorPayload | null)[] = [parseCef, parseLeef];

/** Senders pad with CR, LF and NUL; none of it is part of the message. */
function trimLine(line: string): string {
  return line.replace(/[\r\n\0]+$/, "").replace(/^[\r\n\0]+/, "");
}

function readVendor(body: string): VendorPayload | null {
  for (const parse of VENDOR_PARSERS) {
    const payload = parse(body);
    if (payload) return payload;
  }
  return null;
}

function readJson(body: string): Record<string, unknown> | null {
  if (!body.startsWith("{") || !body.trimEnd().endsWith("}")) return null;
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * A relay forwarding lines it read from a file (rsyslog `imfile` → `omfwd`) wraps each in its own header, so the
 * body starts with the original `timestamp host program[pid]:` header. That inner header says who wrote the line:
 * it replaces the relay's, whose host and program are kept in `relay`.
 */
function unwrapRelayed(outer: ParsedMessage, options: ParseOptions): ParsedMessage {
  if (outer.format === "raw") return outer;
  const inner = parseRfc3164(outer.message, options);
  if (!inner?.timestamp || !inner.hostname || !inner.program || inner.facility !== null) return outer;
  return {
    ...outer,
    message: inner.message,
    timestamp: inner.timestamp,
    hostname: inner.hostname ?? outer.hostname,
    program: inner.program,
    pid: inner.pid,
    relay: { hostname: outer.hostname, program: outer.program },
  };
}

/**
 * Parses one received message whatever its format: RFC 5424, RFC 3164 (lenient), or a bare line; then
 * recognises a CEF, LEEF or JSON body. Never throws; a line with no header comes back as format "raw".
 */
export function parseMessage(input: string, options: ParseOptions = {}): ParsedMessage {
  const line = trimLine(input);
  const parsed = unwrapRelayed(
    parseRfc5424(line) ?? parseRfc3164(line, options) ?? emptyMessage(line, line),
    options,
  );
  const body = parsed.message.trimStart();
  // `parsed` is this call's own object: filled in rather than copied.
  parsed.vendor = readVendor(body);
  parsed.json = readJson(body);
  return parsed;
}
