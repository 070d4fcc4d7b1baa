import type { ParsedMessage } from "../types.ts";

/** Facility and severity read from a `<PRI>` prefix, and the text after it. */
export interface Pri {
  facility: number | null;
  severity: number | null;
  rest: string;
}

const PRI_RE = /^<(\d{1,3})>/;

/** Splits an optional `<PRI>` off a line; an out-of-range PRI is left in the text. */
export function readPri(line: string): Pri {
  const m = PRI_RE.exec(line);
  const value = m ? Number(m[1]) : Number.NaN;
  if (!m || value > 191) return { facility: null, severity: null, rest: line };
  return { facility: value >> 3, severity: value & 7, rest: line.slice(m[0].length) };
}

/** A message with every envelope field empty: the starting point of each parser. */
export function emptyMessage(raw: string, message: string): ParsedMessage {
  return {
    format: "raw",
    raw,
    message,
    timestamp: null,
    hostname: null,
    program: null,
    pid: null,
    facility: null,
    syslogSeverity: null,
    msgid: null,
    structuredData: null,
    vendor: null,
    json: null,
    relay: null,
  };
}
