import type { ParsedMessage, ParseOptions } from "../types.ts";
import { emptyMessage, readPri } from "./envelope.ts";
import { readTimestamp } from "./timestamp.ts";

// `program[pid]:`, `sshd(pam_unix)[123]:`, `filterlog:`; never a Cisco `%ASA-…:` mnemonic nor `key=value`.
const TAG_RE = /^([^\s[\]:=%][^\s[\]:=]*)(?:\[([^\]\s]*)\])?:(?=\s|$)/;
const VENDOR_BODY_RE = /^(?:CEF:\d|LEEF:\d)/;
// Solaris puts "[ID 800047 auth.notice] " between the tag and the text.
const SOLARIS_ID_RE = /^\[ID \d+ [\w.]+\] /;

interface Header {
  hostname: string | null;
  program: string | null;
  pid: string | null;
  message: string;
}

/**
 * Parses a BSD syslog line (RFC 3164) with its real-world variants: no PRI, no hostname, ISO or
 * year-bearing timestamps, `program[pid]:` tags. Returns null when the line has neither PRI nor timestamp.
 */
export function parseRfc3164(line: string, options: ParseOptions = {}): ParsedMessage | null {
  const pri = readPri(line);
  const afterPri = pri.rest.trimStart();
  const stamp = readTimestamp(afterPri, options.now ?? new Date());
  if (!stamp && pri.facility === null) return null;
  // Cisco ends its timestamp with a colon ("Oct 03 2018 17:34:08: %ASA-…").
  const afterStamp = stamp ? afterPri.slice(stamp.length).replace(/^:?\s*/, "") : afterPri;
  return {
    ...emptyMessage(line, ""),
    ...readHeader(afterStamp),
    format: "rfc3164",
    timestamp: stamp?.iso ?? null,
    facility: pri.facility,
    syslogSeverity: pri.severity,
  };
}

function readHeader(text: string): Header {
  if (VENDOR_BODY_RE.test(text)) return { hostname: null, program: null, pid: null, message: text };
  const tagged = readTag(text);
  if (tagged) return { hostname: null, ...tagged };
  const space = text.indexOf(" ");
  const first = space === -1 ? text : text.slice(0, space);
  if (!looksLikeHost(first)) return { hostname: null, program: null, pid: null, message: text };
  const rest = space === -1 ? "" : text.slice(space + 1).trimStart();
  if (VENDOR_BODY_RE.test(rest)) return { hostname: first, program: null, pid: null, message: rest };
  // "firepower : %FTD-…": a host followed by an empty tag.
  if (rest.startsWith(": ")) return { hostname: first, program: null, pid: null, message: rest.slice(2) };
  return { hostname: first, ...(readTag(rest) ?? { program: null, pid: null, message: rest }) };
}

function readTag(text: string): Omit<Header, "hostname"> | null {
  const m = TAG_RE.exec(text);
  if (!m) return null;
  const message = text.slice(m[0].length).replace(/^ /, "").replace(SOLARIS_ID_RE, "");
  return { program: m[1]!, pid: m[2] || null, message };
}

function looksLikeHost(token: string): boolean {
  return token.length > 0 && !/[=,"[\]{}]/.test(token) && !token.startsWith("%") && !token.endsWith(":");
}
