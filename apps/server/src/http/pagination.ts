import { z } from "zod";

/** Native pagination query (CONTRACT §1): page ≥ 1, per_page 1..200 (default 50). */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
});

/** The native pagination envelope. */
export function pageOf<T>(items: T[], total: number, page: number, perPage: number, lowerBound = false) {
  return {
    items,
    total,
    page,
    per_page: perPage,
    pages: Math.ceil(total / perPage),
    ...(lowerBound ? { total_is_lower_bound: true } : {}),
  };
}
