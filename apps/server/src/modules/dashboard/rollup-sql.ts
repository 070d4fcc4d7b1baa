import { GRAIN_MS, type Grain, planRange, type RangePiece, type TimeRange } from "./time-range.ts";

/** A column counts can be grouped or filtered by. */
export type Dimension = "site_id" | "severity" | "source_type" | "status" | "source_ip";

/** A rollup table: the grain of its buckets and the dimensions it keeps. */
interface RollupTable {
  table: string;
  grain: Grain;
  dimensions: readonly Dimension[];
}

/**
 * What is being counted: events, or events by source IP (top sources). Finest grain first; within a
 * grain the smaller table first (all-sites totals before per-site rows), as in migration 0004.
 */
export const ROLLUPS = {
  events: [
    { table: "event_totals_5m", grain: "5m", dimensions: ["severity"] },
    { table: "event_rollups_5m", grain: "5m", dimensions: ["site_id", "severity"] },
    { table: "event_totals_1h", grain: "1h", dimensions: ["severity"] },
    { table: "event_rollups_1h", grain: "1h", dimensions: ["site_id", "severity"] },
    { table: "event_totals_1d", grain: "1d", dimensions: ["severity", "source_type", "status"] },
    { table: "event_rollups_1d", grain: "1d", dimensions: ["site_id", "severity"] },
    {
      table: "event_breakdown_1d",
      grain: "1d",
      dimensions: ["site_id", "severity", "source_type", "status"],
    },
  ],
  source_ip: [
    { table: "source_ip_totals_1h", grain: "1h", dimensions: ["source_ip"] },
    { table: "source_ip_totals_1d", grain: "1d", dimensions: ["source_ip"] },
    { table: "source_ip_rollups_1d", grain: "1d", dimensions: ["site_id", "source_ip"] },
  ],
} as const satisfies Record<string, readonly RollupTable[]>;
/** A family of rollups. */
export type Family = keyof typeof ROLLUPS;

/** One count query: group by some dimensions (and time buckets), filtered by equality. */
export interface CountSpec {
  family: Family;
  range: TimeRange;
  groupBy: Dimension[];
  /** Bucket size in ms: adds a `bucket` column (epoch-aligned bucket start). */
  bucketMs?: number;
  /** Equality filters. */
  where?: Partial<Record<Dimension, string>>;
  /** Keep only the largest counts (ties by the grouped columns). */
  top?: number;
  /** Count from the events table only (the naive baseline of the benchmark). */
  naive?: boolean;
}

/** A statement and its bind parameters. */
export interface Sql {
  text: string;
  values: unknown[];
}

const ORIGIN = "'2000-01-01Z'";
// In the rollups a missing site is '' (primary keys cannot hold NULL); the events table is mapped the same way.
const RAW_COLUMN: Record<Dimension, string> = {
  site_id: "coalesce(site_id, '')",
  severity: "severity",
  source_type: "source_type",
  status: "status",
  source_ip: "source_ip",
};

/**
 * The rollup tables that can answer a spec, one per grain, finest first: the smallest that keeps
 * every dimension used and whose grain divides the bucket.
 */
export function usableRollups(spec: CountSpec): RollupTable[] {
  if (spec.naive) return [];
  const used = [...spec.groupBy, ...Object.keys(spec.where ?? {})] as Dimension[];
  const usable = ROLLUPS[spec.family].filter(
    (t: RollupTable) =>
      used.every((d) => t.dimensions.includes(d)) &&
      (!spec.bucketMs || spec.bucketMs % GRAIN_MS[t.grain] === 0),
  );
  return usable.filter((t, i) => usable.findIndex((u) => u.grain === t.grain) === i);
}

/**
 * Builds `SELECT <groupBy>, [bucket,] count` over the union of the rollup pieces and raw edges the
 * range splits into (see `planRange`), so the totals equal a count over the events table; null
 * for an empty range.
 */
export function countSql(spec: CountSpec): Sql | null {
  const values: unknown[] = [];
  const bind = (v: unknown) => `$${values.push(v)}`;
  const tables = usableRollups(spec);
  const pieces = planRange(
    spec.range,
    tables.map((t) => t.grain),
  );
  const parts = pieces.map((piece) => piecePart(spec, piece, tables, bind));
  if (!parts.length) return null;
  const outer = [...spec.groupBy, ...(spec.bucketMs ? ["bucket"] : [])];
  const select = [...outer, "sum(n)::bigint AS count"].join(", ");
  const top = spec.top
    ? ` ORDER BY ${["count DESC", ...outer].join(", ")} LIMIT ${Math.trunc(spec.top)}`
    : "";
  return {
    text: `SELECT ${select} FROM (${parts.join(" UNION ALL ")}) pieces${groupClause(outer)}${top}`,
    values,
  };
}

function groupClause(columns: string[]): string {
  return columns.length ? ` GROUP BY ${columns.join(", ")}` : "";
}

function piecePart(
  spec: CountSpec,
  piece: RangePiece,
  tables: RollupTable[],
  bind: (v: unknown) => string,
): string {
  const raw = piece.source === "raw";
  const table = raw ? "events" : tables.find((t) => t.grain === piece.source)!.table;
  const time = raw ? `"timestamp"` : "bucket";
  const column = (d: Dimension) => (raw ? RAW_COLUMN[d] : d);
  const columns = spec.groupBy.map((d) => `${column(d)} AS ${d}`);
  if (spec.bucketMs)
    columns.push(`date_bin('${Math.round(spec.bucketMs / 1000)} seconds', ${time}, ${ORIGIN}) AS bucket`);
  columns.push(raw ? "1 AS n" : "count AS n");
  const conditions: string[] = [];
  if (Number.isFinite(piece.from)) conditions.push(`${time} >= ${bind(new Date(piece.from))}`);
  if (Number.isFinite(piece.to)) conditions.push(`${time} < ${bind(new Date(piece.to))}`);
  // Filter on the bare column so the events indexes apply (a filter value is never '' for a missing site).
  for (const [d, value] of Object.entries(spec.where ?? {})) conditions.push(`${d} = ${bind(value)}`);
  if (raw && spec.family === "source_ip") conditions.push("source_ip IS NOT NULL");
  return `SELECT ${columns.join(", ")} FROM ${table}${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""}`;
}
