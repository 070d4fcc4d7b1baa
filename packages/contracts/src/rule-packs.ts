import { z } from "zod";

/** Sigma statuses a pack install may select; `deprecated` and `unsupported` rules never load. */
export const PACK_STATUSES = ["stable", "test", "experimental"] as const;
/** Sigma levels, lowest first. */
export const PACK_LEVELS = ["informational", "low", "medium", "high", "critical"] as const;

/** Which rules of a pack to install: every rule whose status, level and product are all selected. */
export const RulePackSelectionSchema = z.object({
  statuses: z
    .array(z.string().max(40))
    .min(1)
    .max(10)
    .describe(`among ${PACK_STATUSES.join(", ")}`),
  levels: z
    .array(z.string().max(40))
    .min(1)
    .max(10)
    .describe(`among ${PACK_LEVELS.join(", ")}`),
  products: z.array(z.string().max(40)).min(1).max(20).describe("among the pack's products"),
  dry_run: z.boolean().default(false).describe("answer what the install would do; store nothing"),
});
export type RulePackSelection = z.output<typeof RulePackSelectionSchema>;

/** How many rules of a pack have this status, level and product (the console's live counts). */
export const RulePackCellSchema = z.object({
  status: z.string(),
  level: z.string(),
  product: z.string(),
  rules: z.int(),
});

/** A rule pack as listed: its counts, and how many of its rules are installed and enabled. */
export const RulePackSchema = z.object({
  name: z.string(),
  title: z.string(),
  source: z.string(),
  licence: z.string(),
  products: z.array(z.string()),
  rules: z.int(),
  by_status: z.record(z.string(), z.int()),
  by_level: z.record(z.string(), z.int()),
  by_product: z.record(z.string(), z.int()),
  /** Rules left out of the pack: deprecated or unsupported (by status). */
  excluded: z.record(z.string(), z.int()),
  cells: z.array(RulePackCellSchema),
  installed: z.int(),
  enabled: z.int(),
});
export type RulePack = z.output<typeof RulePackSchema>;
