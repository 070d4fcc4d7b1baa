import { fromVendorSeverity } from "../severity.ts";
import type { VendorPayload } from "../types.ts";
import { splitHeader } from "./cef.ts";

const LEEF_HEADER_FIELDS = 5;

/** Reads a LEEF 2.0 delimiter field: one character, its hex code (`x09`, `0x09`, `x5E`), or empty for a tab. */
function readDelimiter(field: string): string | null {
  if (field.length === 0) return "\t";
  if (field.length === 1) return field;
  const hex = /^0?x([0-9a-f]{2,4})$/i.exec(field);
  return hex ? String.fromCharCode(Number.parseInt(hex[1]!, 16)) : null;
}

// CyberArk PTA separates its first attributes with pipes ("Cat=…|sev=8|src=…\tuserName=…").
const PIPED_ATTRIBUTE_RE = /\|(?=[\w.]+=)/;

/** Splits LEEF attributes on the delimiter; pieces without `=` (free text, trailing delimiters) are skipped. */
function parseAttributes(text: string, delimiter: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const piece of text.split(delimiter).flatMap((p) => p.split(PIPED_ATTRIBUTE_RE))) {
    const eq = piece.indexOf("=");
    if (eq > 0) fields[piece.slice(0, eq).trim()] = piece.slice(eq + 1);
  }
  return fields;
}

/** Parses LEEF 1.0 (tab-separated attributes) and LEEF 2.0 (custom delimiter field); null when not LEEF. */
export function parseLeef(text: string): VendorPayload | null {
  const prefix = /^LEEF:([12]\.\d)\|/.exec(text);
  if (!prefix) return null;
  const version = prefix[1]!;
  const header = splitHeader(text.slice(prefix[0].length), LEEF_HEADER_FIELDS);
  if (header.length < LEEF_HEADER_FIELDS) return null;
  const [vendor, product, productVersion, eventId, afterHeader] = header as [
    string,
    string,
    string,
    string,
    string,
  ];
  let delimiter = "\t";
  let attributes = afterHeader;
  const bar = afterHeader.indexOf("|");
  const declared = version === "2.0" && bar !== -1 ? readDelimiter(afterHeader.slice(0, bar)) : null;
  if (declared) {
    delimiter = declared;
    attributes = afterHeader.slice(bar + 1);
  }
  const fields = parseAttributes(attributes, delimiter);
  return {
    kind: "leef",
    version,
    vendor,
    product,
    productVersion,
    eventId,
    name: null,
    severity: fromVendorSeverity(fields.sev),
    fields,
  };
}
