import { readTimestamp } from "../parse/timestamp.ts";
import type { DecodedFields, Decoder } from "../types.ts";
import { timestampField } from "./device-time.ts";
import { ipOrNull, present, toPort } from "./fields.ts";

type Groups = Record<string, string | undefined>;

// BIND's own log file stamps lines "01-Jun-2024 10:00:00.123"; through syslog the header carries the time.
const FILE_STAMP_RE = /^(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?) /;
// "queries: info: " when print-category / print-severity are on.
const CATEGORY_RE = /^(?<category>[a-z-]+): (?:(?:info|notice|warning|error|critical|debug \d+): )?/;
// "client @0x7f0c4c0e1a60 192.0.2.10#53211 (www.example.com): view internal: "
const CLIENT_RE =
  /^client (?:@0x[\da-f]+ )?(?<ip>[\da-fA-F.:]+)#(?<port>\d+)(?: \((?<name>[^)]*)\))?: (?:view (?<view>[^:]+): )?(?<text>.*)$/;

interface NamedPattern {
  re: RegExp;
  /** Response code of a refusal; a query that was answered has none in the log. */
  refused: boolean;
}

// Named groups: q (name), type, class, flags, server, reason. First match wins.
const PATTERNS: readonly NamedPattern[] = [
  {
    re: /^query: (?<q>\S+) (?<class>\S+) (?<type>\S+) (?<flags>\S*)(?: \((?<server>[^)]+)\))?/,
    refused: false,
  },
  {
    re: /^query(?: \(cache\))? '(?<q>[^/']+)\/(?<type>[^/']+)\/(?<class>[^']+)' denied(?: \((?<reason>[^)]+)\))?/,
    refused: true,
  },
  { re: /^query \(cache\) denied/, refused: true },
  { re: /^zone transfer '(?<q>[^/']+)\/(?<type>[AI]XFR)\/(?<class>[^']+)' denied/, refused: true },
  { re: /^bad zone transfer request: '(?<q>[^/']+)\/(?<class>[^']+)': (?<reason>.+)$/, refused: true },
  { re: /^update '(?<q>[^/']+)\/(?<class>[^']+)' denied/, refused: true },
  {
    re: /^transfer of '(?<q>[^/']+)\/(?<class>[^']+)': (?<type>[AI]XFR)\S* (?<reason>started|ended)/,
    refused: false,
  },
];

/** The query type of a line whose pattern names none: zone transfers and dynamic updates. */
function queryType(g: Groups, text: string): string | null {
  if (g.type) return g.type;
  if (text.includes("zone transfer")) return "AXFR";
  return text.startsWith("update ") ? "UPDATE" : null;
}

function fileTime(text: string): string | null {
  const m = FILE_STAMP_RE.exec(text);
  return m ? (readTimestamp(`${m[2]} ${m[1]} ${m[3]} ${m[4]}`, new Date())?.iso ?? null) : null;
}

function decodeClient(text: string): DecodedFields | null {
  const client = CLIENT_RE.exec(text)?.groups;
  if (!client) return null;
  for (const { re, refused } of PATTERNS) {
    const m = re.exec(client.text!);
    if (!m) continue;
    const found: Groups = m.groups ?? {};
    return {
      source_type: "dns",
      event_type: "dns_query",
      source_ip: ipOrNull(client.ip),
      source_port: toPort(client.port),
      dest_ip: ipOrNull(found.server),
      query: found.q ?? present(client.name),
      query_type: queryType(found, client.text!),
      response: null,
      response_code: refused ? "REFUSED" : null,
      metadata: {
        query_class: found.class ?? null,
        query_flags: present(found.flags),
        view: client.view ?? null,
        denial_reason: refused ? (found.reason ?? null) : null,
      },
    };
  }
  return null;
}

/** BIND 9 `named`: client queries (query log), refused queries, zone transfers and updates, denied or not. */
export const namedDecoder: Decoder = {
  name: "named",
  matches: (parsed) => parsed.program === "named" || FILE_STAMP_RE.test(parsed.message),
  decode(parsed) {
    const time = fileTime(parsed.message);
    const body = parsed.message.replace(FILE_STAMP_RE, "");
    const category = CATEGORY_RE.exec(body)?.groups?.category ?? null;
    const decoded = decodeClient(body.replace(CATEGORY_RE, ""));
    if (!decoded) return null;
    return {
      ...decoded,
      ...timestampField(time),
      metadata: { ...decoded.metadata, category },
    };
  },
};
