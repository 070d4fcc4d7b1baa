import { EVENT_STATUSES, SEVERITIES, SOURCE_TYPES } from "@vigie/contracts";
import { z } from "zod";
import { errors } from "../../http/errors.ts";
import { PageQuery } from "../../http/pagination.ts";
import { buildEventSql, type EventQuery } from "./event-query.ts";
import { SEARCH_FIELDS } from "./query/fields.ts";
import { MAX_QUERY_LENGTH, parseQuery, QuerySyntaxError } from "./query/parse.ts";

const text = z.string().min(1).max(255);
const SORTABLE = Object.keys(SEARCH_FIELDS).filter((f) => SEARCH_FIELDS[f]?.sortable) as [
  string,
  ...string[],
];

/** The filters of the event list and search (the form's fields, a time range, `q`, a sort). */
export const EventFiltersQuery = z.object({
  q: z.string().trim().max(MAX_QUERY_LENGTH).optional(),
  source_type: z.enum(SOURCE_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  source_ip: text.optional(),
  dest_ip: text.optional(),
  event_type: text.optional(),
  site_id: text.optional(),
  hostname: text.optional(),
  username: text.optional(),
  scenario_run_id: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(SORTABLE).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});
/** A page of the event list or search. */
export const EventListQuery = PageQuery.extend(EventFiltersQuery.shape);
export type EventFilters = z.output<typeof EventFiltersQuery>;

/** Parses the search language, mapping a syntax error to a 422 that names `q` and the position. */
export function parseQ(q: string): NonNullable<EventQuery["query"]> {
  try {
    return parseQuery(q);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw querySyntax(error);
  }
}

/** The 422 of a query that cannot be read or compiled, with the position of the problem. */
export function querySyntax(error: QuerySyntaxError) {
  return errors.validation(`Invalid query: ${error.message}`, [
    { field: "q", message: error.message, type: "query_syntax", position: error.position },
  ]);
}

/** The event query of the list's filters: every filter shown in the form applies, with `q`, together. */
export function eventQueryOf(filters: EventFilters): EventQuery {
  const { q, from, to, sort, order, ...equals } = filters;
  const query: EventQuery = {
    equals,
    from: from ? new Date(from) : undefined,
    to: to ? new Date(to) : undefined,
    ...(q ? { query: parseQ(q) } : {}),
    ...(sort
      ? { sort: { field: sort, order: order ?? "desc" } }
      : order
        ? { sort: { field: "timestamp", order } }
        : {}),
  };
  try {
    buildEventSql(query); // compiles the values too (a CIDR, a number, a time): their errors are the client's
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw querySyntax(error);
    throw error;
  }
  return query;
}
