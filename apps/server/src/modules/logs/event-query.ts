import { errors } from "../../http/errors.ts";
import { documentOf } from "../../ingest/search-indexer.ts";

/** Columns a list of events can be filtered on by equality (CONTRACT §4.1 `/logs`). */
export const EQUALITY_FILTERS = [
  "source_type",
  "severity",
  "source_ip",
  "dest_ip",
  "event_type",
  "site_id",
  "status",
  "hostname",
  "username",
  "scenario_run_id",
] as const;
export type EqualityFilter = (typeof EQUALITY_FILTERS)[number];

/** A parsed event query: equality filters, a time range and free text. */
export interface EventQuery {
  equals: Partial<Record<EqualityFilter, string>>;
  from?: Date;
  to?: Date;
  text?: string;
}

/** The rows an event query reads, its filter and its order: SQL built only from whitelisted names. */
export interface EventSql {
  /** What to select from: `events`, or the free-text matches each joined to its event. */
  from: string;
  where: string;
  /** Newest first. */
  orderBy: string;
  params: unknown[];
}

/** Builds the SQL of an event query; every value is a bind parameter. */
export function buildEventSql(query: EventQuery, params: unknown[] = []): EventSql {
  const clauses: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  for (const [column, value] of Object.entries(query.equals)) {
    if (value === undefined) continue;
    clauses.push(
      column === "scenario_run_id" ? `${column} = ${bind(value)}::uuid` : `${column} = ${bind(value)}`,
    );
  }
  if (query.from) clauses.push(`"timestamp" >= ${bind(query.from)}`);
  if (query.to) clauses.push(`"timestamp" <= ${bind(query.to)}`);
  if (query.text && !clauses.length) {
    // Free text alone: each match joined to its event one by one (`LIMIT 1` keeps the planner from
    // hashing every event instead), newest match first, so that the page and the bounded count of a
    // frequent word stop early (1M events: 0.2 s instead of 1.1 s).
    const from = `${textMatches(bind(query.text))} AS matches (match_id, match_ts) CROSS JOIN LATERAL (
      SELECT * FROM events WHERE events.id = match_id AND events."timestamp" = match_ts LIMIT 1) AS events`;
    return { from, where: "", orderBy: "match_ts DESC, match_id DESC", params };
  }
  // With other filters the planner weighs the matches against the filtered events itself.
  if (query.text) clauses.push(`(id, "timestamp") IN ${textMatches(bind(query.text))}`);
  return {
    from: "events",
    where: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "",
    orderBy: `"timestamp" DESC, id DESC`,
    params,
  };
}

/**
 * The (id, timestamp) of the events matching free text: those of the full-text index, and those still
 * in the search backlog with their document computed here (one statement, one snapshot: an event
 * being indexed is seen exactly once).
 */
function textMatches(param: string): string {
  const query = `websearch_to_tsquery('simple', ${param})`;
  return `(
    SELECT id, "timestamp" FROM event_search WHERE document @@ ${query}
    UNION ALL
    SELECT e.id, e."timestamp" FROM search_backlog b CROSS JOIN LATERAL unnest(b.ids) AS u(id)
      JOIN events e ON e.id = u.id AND e."timestamp" BETWEEN b.first_ts AND b.last_ts
      WHERE ${documentOf("e")} @@ ${query})`;
}

// Search fields whose column has a type of its own: a value of another shape is the user's mistake
// (a 422 naming it), not a query for the database to fail on.
const TERM_SHAPES: Partial<Record<EqualityFilter, { pattern: RegExp; expected: string }>> = {
  scenario_run_id: { pattern: /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, expected: "a UUID" },
};

function checkTerm(field: EqualityFilter, value: string): string {
  const shape = TERM_SHAPES[field];
  if (shape && !shape.pattern.test(value)) {
    throw errors.validation("Invalid search term", [
      { field: `q.${field}`, message: `must be ${shape.expected}`, type: "format" },
    ]);
  }
  return value;
}

// `field:value` or `field:"quoted value"`; AND is implicit and may be written.
const TERM = /(\w+):(?:"([^"]*)"|(\S+))/g;

/**
 * Parses the search language: `field:value` terms over the filter columns (AND), the rest is free
 * text matched by the full-text index. Unknown fields stay free text.
 */
export function parseSearch(q: string): EventQuery {
  const equals: EventQuery["equals"] = {};
  const rest = q.replace(TERM, (whole, field: string, quoted?: string, bare?: string) => {
    const column = field.toLowerCase() as EqualityFilter;
    if (!EQUALITY_FILTERS.includes(column)) return whole;
    equals[column] = checkTerm(column, quoted ?? bare ?? "");
    return " ";
  });
  const text = rest
    .replace(/\bAND\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return { equals, ...(text ? { text } : {}) };
}
