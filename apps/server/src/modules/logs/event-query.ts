import { documentOf } from "../../ingest/search-indexer.ts";
import { resolveField, SEARCH_FIELDS } from "./query/fields.ts";
import type { QueryNode } from "./query/parse.ts";
import { type Bind, freeText, isTextTree, queryToSql } from "./query/to-sql.ts";
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

/** A sort order of the event list: an indexed column, newest or largest first by default. */
export interface EventSort {
  field: string;
  order: "asc" | "desc";
}

/** An event query: the form's equality filters, a time range and the search language's query. */
export interface EventQuery {
  equals: Partial<Record<EqualityFilter, string>>;
  from?: Date;
  to?: Date;
  /** The parsed search (docs/SEARCH.md). */
  query?: QueryNode;
  sort?: EventSort;
}

/** Free text as typed into a plain search box (the AudioSOC v1 `search`): words, no search language. */
export function plainText(text: string): QueryNode {
  return { kind: "text", value: text.replace(/[*?]/g, " "), quoted: false, at: 0 };
}

/** The rows an event query reads, its filter and its order: SQL built only from whitelisted names. */
export interface EventSql {
  /** What to select from: `events`, or the free-text matches each joined to its event. */
  from: string;
  where: string;
  orderBy: string;
  params: unknown[];
}

const TSQUERY = {
  words: (p: string) => `websearch_to_tsquery('simple', ${p})`,
  phrase: (p: string) => `phraseto_tsquery('simple', ${p})`,
  prefix: (p: string) => `to_tsquery('simple', quote_literal(${p}) || ':*')`,
} as const;

/** The full-text query of a tree of free-text terms: each term's own, joined with `&&`, `||` and `!!`. */
function tsqueryOf(node: QueryNode, bind: Bind): string {
  switch (node.kind) {
    case "text": {
      const { text, how } = freeText(node);
      return TSQUERY[how](bind(text));
    }
    case "not":
      return `(!! ${tsqueryOf(node.child, bind)})`;
    case "and":
    case "or":
      return `(${node.children.map((c) => tsqueryOf(c, bind)).join(node.kind === "and" ? " && " : " || ")})`;
    case "field":
      throw new Error("a field test is not free text");
  }
}

/** The ORDER BY of a sort: the column, then id for a stable order. */
function orderOf(sort: EventSort | undefined): string {
  const field = sort ? SEARCH_FIELDS[sort.field] : undefined;
  const direction = sort?.order === "asc" ? "ASC" : "DESC";
  if (!field?.sortable || field.sql === '"timestamp"') return `"timestamp" ${direction}, id ${direction}`;
  return `${field.sql} ${direction} NULLS LAST, "timestamp" DESC, id DESC`;
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
  const from = query.from && bind(query.from);
  const to = query.to && bind(query.to);
  if (from) clauses.push(`"timestamp" >= ${from}`);
  if (to) clauses.push(`"timestamp" <= ${to}`);
  const defaultOrder = !query.sort || (query.sort.field === "timestamp" && query.sort.order === "desc");
  if (query.query && isTextTree(query.query) && !clauses.length && defaultOrder) {
    // Free text alone: each match joined to its event one by one (`LIMIT 1` keeps the planner from
    // hashing every event instead), newest match first, so that the page and the bounded count of a
    // frequent word stop early (1M events: 0.2 s instead of 1.1 s).
    const matches = `${textMatches(tsqueryOf(query.query, bind), EVERYWHERE)} AS matches (match_id, match_ts) CROSS JOIN LATERAL (
      SELECT * FROM events WHERE events.id = match_id AND events."timestamp" = match_ts LIMIT 1) AS events`;
    return { from: matches, where: "", orderBy: "match_ts DESC, match_id DESC", params };
  }
  // With other filters the planner weighs the matches against the filtered events itself. Free text
  // under OR or NOT is tested on each row's own document: a subquery there would be run once per row
  // when its matches do not fit in memory (minutes on 100,000 events).
  if (query.query) {
    // Bound when first used: a parameter no statement reads is an error.
    let scope: MatchScope | undefined;
    clauses.push(
      queryToSql(query.query, bind, (tree, conjunctive) => {
        const tsquery = tsqueryOf(tree, bind);
        if (!conjunctive) return `(${documentOf("events")} @@ ${tsquery})`;
        scope ??= matchScope(requiredSite(query), bind, from, to);
        return `(id, "timestamp") IN ${textMatches(tsquery, scope)}`;
      }),
    );
  }
  return {
    from: "events",
    where: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "",
    orderBy: orderOf(query.sort),
    params,
  };
}

/**
 * What the whole query requires of every event, as conditions on the full-text index (`indexed`) and on
 * the backlog's events (`backlog`), each starting with AND: free-text matches are narrowed by them before
 * any event is read (a time window prunes the index's days; a site is intersected with the word's entries).
 * The index's rows from before migration 0035 have no site: they stay candidates, tested on their event.
 */
interface MatchScope {
  indexed: string;
  backlog: string;
}

const EVERYWHERE: MatchScope = { indexed: "", backlog: "" };

function matchScope(site: string | undefined, bind: Bind, from?: string, to?: string): MatchScope {
  const scope = { ...EVERYWHERE };
  const add = (indexed: string, backlog: string) => {
    scope.indexed += ` AND ${indexed}`;
    scope.backlog += ` AND ${backlog}`;
  };
  if (site !== undefined) {
    const value = bind(site);
    add(`(site_id = ${value} OR site_id IS NULL)`, `e.site_id = ${value}`);
  }
  if (from) add(`"timestamp" >= ${from}`, `e."timestamp" >= ${from}`);
  if (to) add(`"timestamp" <= ${to}`, `e."timestamp" <= ${to}`);
  return scope;
}

/** The site every matching event must have: the site filter, or a `site_id` equality ANDed with the query. */
function requiredSite(query: EventQuery): string | undefined {
  return query.equals.site_id ?? (query.query && siteInTree(query.query));
}

function siteInTree(node: QueryNode): string | undefined {
  if (node.kind === "and") return node.children.map(siteInTree).find((site) => site !== undefined);
  if (node.kind !== "field" || (node.op !== ":" && node.op !== "=")) return undefined;
  const field = resolveField(node.field);
  if (field?.sql !== "site_id") return undefined;
  const value = field.canonical ? field.canonical(node.value) : node.value;
  return node.quoted || !/[*?]/.test(value) ? value : undefined;
}

/**
 * The (id, timestamp) of the events matching free text within `scope`: those of the full-text index, and
 * those still in the search backlog with their document computed here (one statement, one snapshot: an
 * event being indexed is seen exactly once).
 */
function textMatches(query: string, scope: MatchScope): string {
  return `(
    SELECT id, "timestamp" FROM event_search WHERE document @@ ${query}${scope.indexed}
    UNION ALL
    SELECT e.id, e."timestamp" FROM search_backlog b CROSS JOIN LATERAL unnest(b.ids) AS u(id)
      JOIN events e ON e.id = u.id AND e."timestamp" BETWEEN b.first_ts AND b.last_ts
      WHERE ${documentOf("e")} @@ ${query}${scope.backlog})`;
}
