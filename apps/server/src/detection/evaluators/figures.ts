import type { Aggregation } from "@vigie/contracts";
import { scalarText } from "../match.ts";
import { numericTag, type TallyOptions, type WindowEntry, type WindowTally } from "../state/window-store.ts";

/** A figure over a window's entries, and the entries a firing on it lists. */
export interface Measure {
  readonly value: number;
  readonly matched: readonly WindowEntry[];
}

/** What a windowed rule computes over a group's window (a count, a sum, a median...) from its entries' tags. */
export interface Figure {
  /**
   * True when the figure only grows as events arrive (a count, a sum): bounds that hold it from above are
   * met by every window still filling, so they are judged when the window closes.
   */
  readonly grows: boolean;
  /** What the tally must add for `fromTally`. */
  readonly tally: TallyOptions;
  /** The tag an event's field value is recorded with; null leaves the event out. */
  tagOf(value: unknown): string | null;
  /** The figure from the tally alone (a cheap first check), or undefined when it needs the entries. */
  fromTally(tally: WindowTally): number | undefined;
  /** The figure over the entries (`recorded`: the entry just added), null when the window has none. */
  measure(entries: readonly WindowEntry[], recorded?: WindowEntry): Measure | null;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * A numeric field value as a plain decimal tag (`"1.50"` → `"1.5"`), null for anything else: text that is
 * not a number, and numbers JavaScript writes with an exponent (beyond 1e21 or below 1e-6).
 */
export function decimalTag(value: unknown): string | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!DECIMAL.test(text)) return null;
  const canonical = String(Number(text));
  return DECIMAL.test(canonical) ? canonical : null;
}

const numbersOf = (entries: readonly WindowEntry[]) =>
  entries.map((entry) => numericTag(entry.tag)).filter((value): value is number => value !== null);

/** A figure over every entry of the window. */
const overAll =
  (compute: (entries: readonly WindowEntry[]) => number | null) =>
  (entries: readonly WindowEntry[]): Measure | null => {
    const value = entries.length ? compute(entries) : null;
    return value === null ? null : { value, matched: entries };
  };

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const sumOf = (entries: readonly WindowEntry[]) => numbersOf(entries).reduce((sum, value) => sum + value, 0);

/** The matching events of the window (a threshold rule). */
export const eventCount: Figure = {
  grows: true,
  tally: {},
  tagOf: () => null,
  fromTally: (tally) => tally.count,
  measure: overAll((entries) => entries.length),
};

/** Each aggregation's figure over the values of `aggregation_field`. */
export const aggregations: Record<Aggregation, Figure> = {
  count_distinct: {
    grows: true,
    tally: {},
    tagOf: scalarText,
    fromTally: (tally) => tally.distinctTags,
    measure: overAll((entries) => new Set(entries.map((entry) => entry.tag)).size),
  },
  sum: {
    grows: true,
    tally: { sum: true },
    tagOf: decimalTag,
    fromTally: (tally) => tally.sum,
    measure: overAll(sumOf),
  },
  avg: {
    grows: false,
    tally: { sum: true },
    tagOf: decimalTag,
    fromTally: (tally) => (tally.count ? (tally.sum ?? 0) / tally.count : undefined),
    measure: overAll((entries) => sumOf(entries) / entries.length),
  },
  median: {
    grows: false,
    tally: {},
    tagOf: decimalTag,
    fromTally: () => undefined,
    measure: overAll((entries) => median(numbersOf(entries))),
  },
  share: {
    grows: false,
    tally: { ownTag: true },
    tagOf: scalarText,
    fromTally: (tally) => (tally.count ? (100 * (tally.ownTagCount ?? 0)) / tally.count : undefined),
    measure(entries, recorded) {
      if (!entries.length || recorded?.tag === undefined) return null;
      const same = entries.filter((entry) => entry.tag === recorded.tag);
      return { value: (100 * same.length) / entries.length, matched: same };
    },
  },
};
