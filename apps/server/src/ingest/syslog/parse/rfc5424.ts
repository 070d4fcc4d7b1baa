import type { ParsedMessage } from "../types.ts";
import { emptyMessage, readPri } from "./envelope.ts";
import { readTimestamp } from "./timestamp.ts";

type StructuredData = Record<string, Record<string, string>>;

const HEADER_RE = /^(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) ?/;
const SD_ID_RE = /^[^\s=\]"]+/;
const PARAM_RE = /^ ([^\s=\]"]+)="/;

const nil = (value: string | undefined): string | null =>
  value === undefined || value === "-" ? null : value;

/**
 * Parses an RFC 5424 message (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`); structured data
 * becomes `{sdId: {param: value}}`. Returns null when the line is not RFC 5424.
 */
export function parseRfc5424(line: string): ParsedMessage | null {
  const pri = readPri(line);
  const header = pri.facility === null ? null : HEADER_RE.exec(pri.rest);
  if (!header) return null;
  const stamp = header[2] === "-" ? null : readTimestamp(header[2]!, new Date());
  const afterHeader = pri.rest.slice(header[0].length);
  const sd = readStructuredData(afterHeader);
  return {
    ...emptyMessage(line, stripBom(sd.rest)),
    format: "rfc5424",
    timestamp: stamp?.iso ?? null,
    hostname: nil(header[3]),
    program: nil(header[4]),
    pid: nil(header[5]),
    msgid: nil(header[6]),
    facility: pri.facility,
    syslogSeverity: pri.severity,
    structuredData: sd.data,
  };
}

function stripBom(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** Reads `-` or a run of `[id param="value" …]` elements; malformed data is left in the message. */
function readStructuredData(text: string): { data: StructuredData | null; rest: string } {
  if (text === "-" || text.startsWith("- ")) return { data: null, rest: text.slice(2) };
  const data: StructuredData = {};
  let pos = 0;
  while (text[pos] === "[") {
    const element = readElement(text, pos + 1);
    if (!element) return { data: null, rest: text };
    data[element.id] = element.params;
    pos = element.end;
  }
  if (pos === 0) return { data: null, rest: text };
  return { data, rest: text.slice(pos).replace(/^ /, "") };
}

function readElement(text: string, start: number) {
  const id = SD_ID_RE.exec(text.slice(start))?.[0];
  if (!id) return null;
  const params: Record<string, string> = {};
  let pos = start + id.length;
  while (text[pos] !== "]") {
    const param = PARAM_RE.exec(text.slice(pos, pos + 300));
    if (!param) return null;
    const value = readQuoted(text, pos + param[0].length);
    if (!value) return null;
    params[param[1]!] = value.value;
    pos = value.end;
  }
  return { id, params, end: pos + 1 };
}

/** Reads a param value up to its closing quote, undoing the `\"`, `\\` and `\]` escapes. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  let value = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\" || text[i + 1] === "]")) {
      value += text[i + 1];
      i++;
    } else value += c;
  }
  return null;
}
