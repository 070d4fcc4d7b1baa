import type { CountRow } from "./dashboard.repository.ts";
import type { Dimension } from "./rollup-sql.ts";

/** Sums counts by one column into a record holding every expected key (0 when absent). */
export function tally<K extends string>(
  rows: readonly CountRow[],
  column: Dimension,
  keys: readonly K[],
): Record<K, number> {
  const totals = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const row of rows) {
    const key = row[column] as K;
    if (key in totals) totals[key] += row.count;
  }
  return totals;
}

/** Sums every row's count. */
export function sumCounts(rows: readonly CountRow[]): number {
  return rows.reduce((sum, r) => sum + r.count, 0);
}

/** Groups rows by the value of one column. */
export function groupRows(rows: readonly CountRow[], column: Dimension | "bucket"): Map<string, CountRow[]> {
  const groups = new Map<string, CountRow[]>();
  for (const row of rows) {
    const value = row[column];
    const key = value instanceof Date ? value.toISOString() : String(value ?? "");
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
