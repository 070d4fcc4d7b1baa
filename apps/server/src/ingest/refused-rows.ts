import type { EventRow } from "./event-row.ts";
import { UnstorableRows } from "./row-inserters.ts";

/** Why rows were refused by the database or the encoder, keyed by the row itself. */
export type Refusals = Map<EventRow, string>;

// SQLSTATE classes that blame the data of a statement, not the database: data exceptions (22),
// integrity violations (23) and program limits such as a too-deep value (54).
const DATA_ERROR_CLASSES = new Set(["22", "23", "54"]);

/** Whether a database error is caused by some row's value (so other rows may still be stored). */
export function isRowError(error: unknown): boolean {
  if (error instanceof UnstorableRows) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && DATA_ERROR_CLASSES.has(code.slice(0, 2));
}

/**
 * Stores `rows` through `insert`; when some rows cannot be stored, stores all the others and returns
 * the refused ones with their reason. Rows the encoder names are dropped at once; a database error
 * that names no row is narrowed down by halving (a hostile batch costs log₂ n extra statements per
 * bad row, a clean one nothing). An error that is not about the rows (storage down) is rethrown.
 */
export async function storeRefusingBadRows(
  rows: EventRow[],
  insert: (rows: EventRow[]) => Promise<void>,
): Promise<Refusals> {
  const refused: Refusals = new Map();
  const pending: EventRow[][] = [rows];
  while (pending.length) {
    const part = pending.pop()!;
    if (!part.length) continue;
    try {
      await insert(part);
    } catch (error) {
      if (!isRowError(error)) throw error;
      if (error instanceof UnstorableRows) {
        for (const [row, reason] of error.reasons) refused.set(row, reason);
        pending.push(part.filter((row) => !error.reasons.has(row)));
      } else if (part.length === 1) {
        refused.set(part[0]!, `cannot be stored: ${(error as Error).message}`);
      } else {
        const half = Math.ceil(part.length / 2);
        pending.push(part.slice(half), part.slice(0, half));
      }
    }
  }
  return refused;
}
