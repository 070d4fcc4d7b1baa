import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { EventRow } from "./liveMerge.ts";

/** The ids of the live rows among `rows`. */
export function liveIds(rows: EventRow[]): Set<string> {
  return new Set(rows.filter((r) => r.live).map((r) => r.id));
}

/**
 * The rows to show while the analyst reads: live rows that were not on screen (`shown`) are held back and
 * counted, so nothing shifts what they read; with no `shown` set every row shows.
 */
export function holdLive(
  rows: EventRow[],
  shown: ReadonlySet<string> | null,
): { rows: EventRow[]; held: number } {
  if (!shown) return { rows, held: 0 };
  const kept = rows.filter((r) => !r.live || shown.has(r.id));
  return { rows: kept, held: rows.length - kept.length };
}

/**
 * Holds new live rows while `holding` (scrolled down, or a row open): the live rows on screen when holding
 * began stay, later ones wait. `release` shows those waiting (the "N new events" pill).
 */
export function useHeldLive(rows: EventRow[], holding: boolean) {
  const [shown, setShown] = useState<Set<string> | null>(null);
  const latest = useRef(rows);
  latest.current = rows;
  useEffect(() => setShown(holding ? liveIds(latest.current) : null), [holding]);
  const release = useCallback(() => setShown((s) => (s ? liveIds(latest.current) : s)), []);
  const held = useMemo(() => holdLive(rows, shown), [rows, shown]);
  return { ...held, release };
}
