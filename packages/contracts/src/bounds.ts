import { z } from "zod";

/** The comparisons a window's figure can be held to (Sigma correlation `condition`). */
export const BOUND_KEYS = ["gt", "gte", "lt", "lte", "eq", "neq"] as const;
export type BoundKey = (typeof BOUND_KEYS)[number];

/** Comparisons of a window's figure (a count, a sum, an average...), every one of which must hold. */
export type Bounds = Partial<Record<BoundKey, number>>;

/** The interval the lower and upper bounds leave, each end open or closed. */
function interval(bounds: Bounds) {
  const low = Math.max(bounds.gt ?? -Infinity, bounds.gte ?? -Infinity, bounds.eq ?? -Infinity);
  const high = Math.min(bounds.lt ?? Infinity, bounds.lte ?? Infinity, bounds.eq ?? Infinity);
  const lowOpen = bounds.gt !== undefined && bounds.gt >= low;
  const highOpen = bounds.lt !== undefined && bounds.lt <= high;
  return { low, high, lowOpen, highOpen };
}

/** True when some figure satisfies every bound. */
function satisfiable(bounds: Bounds): boolean {
  const { low, high, lowOpen, highOpen } = interval(bounds);
  if (low > high || (low === high && (lowOpen || highOpen))) return false;
  return !(low === high && bounds.neq === low);
}

const bound = z.number().refine(Number.isFinite, "must be a finite number").optional();

/**
 * Bounds as a rule writes them: at least one of gt, gte, lt, lte, eq, neq, together satisfiable
 * (`{"gt": 100, "lte": 200}` is "101 to 200" for a count).
 */
export const BoundsSchema = z
  .strictObject({ gt: bound, gte: bound, lt: bound, lte: bound, eq: bound, neq: bound })
  .superRefine((bounds, ctx) => {
    const given = BOUND_KEYS.filter((key) => bounds[key] !== undefined);
    if (!given.length)
      ctx.addIssue({ code: "custom", message: `give at least one of ${BOUND_KEYS.join(", ")}` });
    else if (!satisfiable(bounds))
      ctx.addIssue({ code: "custom", message: "no value satisfies these bounds" });
  });

/** True when `figure` satisfies every bound. */
export function withinBounds(bounds: Bounds, figure: number): boolean {
  return (
    (bounds.gt === undefined || figure > bounds.gt) &&
    (bounds.gte === undefined || figure >= bounds.gte) &&
    (bounds.lt === undefined || figure < bounds.lt) &&
    (bounds.lte === undefined || figure <= bounds.lte) &&
    (bounds.eq === undefined || figure === bounds.eq) &&
    (bounds.neq === undefined || figure !== bounds.neq)
  );
}

/**
 * True when the bounds hold a figure from above (`lt`, `lte`, `eq`, `neq`): a figure that only grows as
 * events arrive (a count, a sum) meets them while its window is still filling, so such bounds are judged
 * when the window closes.
 */
export function boundsFromAbove(bounds: Bounds): boolean {
  return (
    bounds.lt !== undefined || bounds.lte !== undefined || bounds.eq !== undefined || bounds.neq !== undefined
  );
}

/** The smallest whole number the bounds allow from below (`gt: 2` → 3), or null without a lower bound. */
export function lowestCount(bounds: Bounds): number | null {
  const { low, lowOpen } = interval(bounds);
  if (low === -Infinity) return null;
  return lowOpen && Number.isInteger(low) ? low + 1 : Math.ceil(low);
}

/** Bounds written the way a person reads them: `> 100 and ≤ 200`. */
export function describeBounds(bounds: Bounds): string {
  const symbols: Record<BoundKey, string> = { gt: ">", gte: "≥", lt: "<", lte: "≤", eq: "=", neq: "≠" };
  return BOUND_KEYS.filter((key) => bounds[key] !== undefined)
    .map((key) => `${symbols[key]} ${bounds[key]}`)
    .join(" and ");
}
