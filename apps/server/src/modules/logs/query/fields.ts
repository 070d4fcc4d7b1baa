import { EVENT_STATUSES, SEVERITIES, SOURCE_TYPES } from "@vigie/contracts";

/**
 * How a field's values compare: `keyword` exactly (in its canonical case), `text` case-insensitively,
 * `ip` also by CIDR, `number` and `time` by range, `severity` by rank, `uuid` exactly, `alert` (an alert's
 * id) by the events that alert matched.
 */
export type FieldKind = "keyword" | "text" | "ip" | "number" | "time" | "severity" | "uuid" | "alert";

/** A searchable field: its SQL expression, how it compares, and how a typed value is made canonical. */
export interface SearchField {
  /** SQL over the `events` row (whitelisted: never built from user text). */
  sql: string;
  kind: FieldKind;
  /** Values the field takes, offered by autocomplete and checked. */
  values?: readonly string[];
  canonical?: (value: string) => string;
  /** Sortable: an index keeps it in time order. */
  sortable?: boolean;
}

const lower = (v: string) => v.toLowerCase();
const upper = (v: string) => v.toUpperCase();

const json = (key: string) => `(normalized ->> '${key}')`;
// An AS number compares as a number; a value that is not one (a source's own field) reads as absent.
const asNumber = (key: string) => `(CASE WHEN ${json(key)} ~ '^[0-9]{1,15}$' THEN ${json(key)}::bigint END)`;
const withoutAs = (v: string) => v.replace(/^as/i, "");

/** What ingest enrichment adds for each address (ingest/enrich, docs/OPERATIONS.md "Enrichment"). */
const ENRICHED: Record<string, SearchField> = Object.fromEntries(
  ["source", "dest"].flatMap((side) => [
    [`${side}_country`, { sql: json(`${side}_country`), kind: "keyword", canonical: upper }],
    [`${side}_asn`, { sql: asNumber(`${side}_asn`), kind: "number", canonical: withoutAs }],
    [`${side}_as_org`, { sql: json(`${side}_as_org`), kind: "text" }],
    [`${side}_site`, { sql: json(`${side}_site`), kind: "keyword", canonical: upper }],
  ]),
);

// A confidence compares as a number, like an AS number.
const asWhole = (key: string) => `(CASE WHEN ${json(key)} ~ '^[0-9]{1,3}$' THEN ${json(key)}::int END)`;

/** What threat-intelligence matching adds (docs/THREAT-INTEL.md). */
const INDICATOR: Record<string, SearchField> = {
  threat_indicator: { sql: json("threat_indicator"), kind: "keyword", canonical: lower },
  threat_indicator_kind: {
    sql: json("threat_indicator_kind"),
    kind: "keyword",
    values: ["ip", "cidr", "domain", "url", "hash"],
    canonical: lower,
  },
  threat_indicator_source: { sql: json("threat_indicator_source"), kind: "text" },
  threat_indicator_confidence: { sql: asWhole("threat_indicator_confidence"), kind: "number" },
};

/** The stored columns a query names directly (CONTRACT §3), then the enriched fields; the rest is JSON. */
export const SEARCH_FIELDS: Readonly<Record<string, SearchField>> = {
  id: { sql: "id", kind: "uuid" },
  timestamp: { sql: '"timestamp"', kind: "time", sortable: true },
  received_at: { sql: "received_at", kind: "time" },
  site_id: { sql: "site_id", kind: "keyword", canonical: upper, sortable: true },
  source_type: {
    sql: "source_type",
    kind: "keyword",
    values: SOURCE_TYPES,
    canonical: lower,
    sortable: true,
  },
  event_type: { sql: "event_type", kind: "keyword", canonical: lower, sortable: true },
  severity: { sql: "severity", kind: "severity", values: SEVERITIES, canonical: lower, sortable: true },
  status: { sql: "status", kind: "keyword", values: EVENT_STATUSES, canonical: lower, sortable: true },
  assigned_to: { sql: "assigned_to", kind: "text" },
  source_ip: { sql: "source_ip", kind: "ip", canonical: lower, sortable: true },
  dest_ip: { sql: "dest_ip", kind: "ip", canonical: lower, sortable: true },
  source_port: { sql: "source_port", kind: "number" },
  dest_port: { sql: "dest_port", kind: "number" },
  hostname: { sql: "hostname", kind: "text", sortable: true },
  username: { sql: "username", kind: "text", sortable: true },
  message: { sql: "message", kind: "text" },
  raw_log: { sql: "raw_log", kind: "text" },
  mitre_tactic: { sql: "mitre_tactic", kind: "text" },
  mitre_technique: { sql: "mitre_technique", kind: "keyword", canonical: upper },
  scenario_run_id: { sql: "scenario_run_id", kind: "uuid" },
  alert: { sql: "id", kind: "alert" },
  ...ENRICHED,
  ...INDICATOR,
};

/** The JSON objects of an event a dotted name may point into. */
const JSON_ROOTS = ["normalized", "metadata", "raw"] as const;
const KEY = /^[\w@-]{1,128}$/;

/** SQL string literal of a whitelisted key (letters, digits, `_`, `@`, `-` only). */
const literal = (key: string) => `'${key}'`;

/**
 * A field of the query: a stored column, a path into `normalized` / `metadata` / `raw`, or any other
 * name read as a key of `normalized` (where source-specific fields live, under their source's names, such
 * as `Image` or `id.orig_h`). Null when the name cannot be a field.
 */
export function resolveField(name: string): SearchField | null {
  const column = SEARCH_FIELDS[name.toLowerCase()];
  if (column) return column;
  const [root, ...path] = name.split(".");
  if ((JSON_ROOTS as readonly string[]).includes(root ?? "") && path.length) {
    if (!path.every((key) => KEY.test(key))) return null;
    return { sql: `(${root} #>> '{${path.join(",")}}')`, kind: "text" };
  }
  if (!/^[\w@.-]{1,128}$/.test(name)) return null;
  return { sql: `(normalized ->> ${literal(name)})`, kind: "text" };
}
