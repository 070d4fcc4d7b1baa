import type { TopValues } from "@vigie/contracts";
import type { Database } from "../../../platform/db/database.ts";
import { buildEventSql, type EventQuery } from "../event-query.ts";
import { resolveField, SEARCH_FIELDS } from "../query/fields.ts";

/** The newest matching events one top-values answer looks at, as Kibana's Discover samples (bounded cost). */
export const TOP_VALUES_SAMPLE = 5_000;
/** Most values one answer gives. */
export const MAX_TOP_VALUES = 50;

/** The JSON objects of an event whose keys have top values (`normalized.src_country`, `metadata.agent`). */
const JSON_ROOTS = ["normalized", "metadata"];

/** The SQL of a field that has top values, or null: a registry field (not `alert`), `normalized.*`, `metadata.*`. */
export function topValuesField(name: string): string | null {
  const registered = SEARCH_FIELDS[name.toLowerCase()];
  if (registered) return registered.kind === "alert" ? null : registered.sql;
  const root = name.split(".")[0] ?? "";
  if (!JSON_ROOTS.includes(root)) return null;
  return resolveField(name)?.sql ?? null;
}

/** Counts `fieldSql` (a whitelisted expression) over the newest matches of `query`: one statement. */
export async function topValues(
  db: Database,
  query: EventQuery,
  field: string,
  fieldSql: string,
  limit: number,
  sampleSize = TOP_VALUES_SAMPLE,
): Promise<TopValues> {
  const { from, where, orderBy, params } = buildEventSql({ ...query, sort: undefined });
  const { rows } = await db.reads.query<{ events: number; values: { value: string; count: number }[] }>(
    `WITH sample AS (
       SELECT (${fieldSql})::text AS value FROM ${from} ${where} ORDER BY ${orderBy} LIMIT ${sampleSize + 1}
     ), looked AS (SELECT value FROM sample LIMIT ${sampleSize})
     SELECT (SELECT count(*)::int FROM sample) AS events,
       coalesce((SELECT json_agg(json_build_object('value', value, 'count', n) ORDER BY n DESC, value)
         FROM (SELECT value, count(*)::int AS n FROM looked WHERE value IS NOT NULL
               GROUP BY value ORDER BY n DESC, value LIMIT ${limit}) top), '[]'::json) AS values`,
    params,
  );
  const counted = rows[0]?.events ?? 0;
  return {
    field,
    values: rows[0]?.values ?? [],
    events: Math.min(counted, sampleSize),
    sampled: counted > sampleSize,
    sample_size: sampleSize,
  };
}
