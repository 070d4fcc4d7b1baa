import { z } from "zod";
import { type Bounds, BoundsSchema, lowestCount } from "./bounds.ts";
import { FieldNameSchema } from "./conditions.ts";
import type { RuleType } from "./enums.ts";
import {
  CountSchema,
  FieldPathSchema,
  type GroupBySchema,
  groupByFields,
  groupFields,
  MAX_GROUP_FIELDS,
  MAX_RULE_COUNT,
  RuleFilterSchema,
  WindowSchema,
} from "./rule-filters.ts";

type Issues = z.core.$RefinementCtx;

/**
 * `threshold` (at least that many) or `bounds`, exactly one. A count bound above the largest window can
 * never be reached, so it is refused.
 */
function checkFigureTest(
  conditions: { threshold?: number; bounds?: Bounds },
  ctx: Issues,
  figure: "count" | "other",
) {
  const given = Number(conditions.threshold !== undefined) + Number(conditions.bounds !== undefined);
  if (given !== 1)
    ctx.addIssue({
      code: "custom",
      path: [given === 0 ? "threshold" : "bounds"],
      message:
        given === 0 ? "give threshold (at least this many) or bounds" : "give threshold or bounds, not both",
    });
  const lowest = conditions.bounds && lowestCount(conditions.bounds);
  if (figure === "count" && lowest != null && lowest > MAX_RULE_COUNT)
    ctx.addIssue({
      code: "custom",
      path: ["bounds"],
      message: `a window keeps at most ${MAX_RULE_COUNT} events: a higher count is never reached`,
    });
}

/**
 * Fires when the matching events of one group within the window reach `threshold`, or when their count
 * meets `bounds` (bounds that hold the count from above are judged when the window closes).
 */
export const ThresholdConditionsSchema = z
  .strictObject({
    event_filter: RuleFilterSchema,
    threshold: CountSchema.optional(),
    bounds: BoundsSchema.optional(),
    window_seconds: WindowSchema,
    ...groupFields,
  })
  .superRefine((conditions, ctx) => checkFigureTest(conditions, ctx, "count"));
export type ThresholdConditions = z.output<typeof ThresholdConditionsSchema>;

/** One step of a sequence: `count` events matching `event_filter`. */
export const SequenceStepSchema = z.strictObject({
  event_filter: RuleFilterSchema,
  count: CountSchema.default(1),
  /** Group-by names this step reads from other fields of its events (Sigma correlation `aliases`). */
  aliases: z
    .record(FieldNameSchema, FieldPathSchema)
    .refine(
      (aliases) => Object.keys(aliases).length <= MAX_GROUP_FIELDS,
      `at most ${MAX_GROUP_FIELDS} aliases`,
    )
    .optional(),
});

/** Step aliases name group-by fields; `steps_required` is for steps in any order and cannot exceed the steps. */
function checkSequence(
  conditions: {
    steps: { aliases?: Record<string, string> }[];
    group_by: z.output<typeof GroupBySchema>;
    ordered?: boolean;
    steps_required?: number;
  },
  ctx: Issues,
) {
  const names = new Set(groupByFields(conditions.group_by));
  conditions.steps.forEach((step, index) => {
    for (const alias of Object.keys(step.aliases ?? {}))
      if (!names.has(alias))
        ctx.addIssue({
          code: "custom",
          path: ["steps", index, "aliases", alias],
          message: "an alias must name one of the group_by fields",
        });
  });
  const required = conditions.steps_required;
  if (required === undefined) return;
  if (conditions.ordered !== false)
    ctx.addIssue({
      code: "custom",
      path: ["steps_required"],
      message: "only for steps in any order (ordered: false)",
    });
  else if (required > conditions.steps.length)
    ctx.addIssue({ code: "custom", path: ["steps_required"], message: "more than the rule's steps" });
}

/**
 * Fires when every step's count is reached within the window for one group: in step order (by event
 * time) unless `ordered` is false, and then `steps_required` of them (default all) suffice.
 */
export const SequenceConditionsSchema = z
  .strictObject({
    steps: z
      .array(SequenceStepSchema)
      .min(2)
      .max(10)
      .refine((steps) => steps.reduce((sum, step) => sum + step.count, 0) <= MAX_RULE_COUNT, {
        message: `the step counts add up to more than ${MAX_RULE_COUNT}`,
      }),
    /** false: the steps may be reached in any order (Sigma `temporal`); default true. */
    ordered: z.boolean().optional(),
    steps_required: z.int().min(1).max(10).optional(),
    window_seconds: WindowSchema,
    ...groupFields,
  })
  .superRefine(checkSequence);
export type SequenceConditions = z.output<typeof SequenceConditionsSchema>;

/**
 * What an aggregation computes over a group's window from `aggregation_field`: distinct values, or a
 * number (sum, average, median), or `share`, the percentage of the window's events whose value equals
 * the arriving event's (Sigma `value_percentile`: a rare value has a small share).
 */
export const AGGREGATIONS = ["count_distinct", "sum", "avg", "median", "share"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/**
 * Fires when the matching events of one group carry `threshold` distinct non-empty `aggregation_field`
 * values, or when the aggregation's figure meets `bounds` (sum, avg, median and share take bounds).
 */
export const AggregationConditionsSchema = z
  .strictObject({
    event_filter: RuleFilterSchema,
    aggregation: z.enum(AGGREGATIONS).default("count_distinct"),
    aggregation_field: FieldPathSchema,
    threshold: CountSchema.optional(),
    bounds: BoundsSchema.optional(),
    window_seconds: WindowSchema,
    ...groupFields,
  })
  .superRefine((conditions, ctx) => {
    const counts = conditions.aggregation === "count_distinct";
    checkFigureTest(conditions, ctx, counts ? "count" : "other");
    if (!counts && conditions.threshold !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `${conditions.aggregation} takes bounds`,
      });
  });
export type AggregationConditions = z.output<typeof AggregationConditionsSchema>;

/** Most fields whose values together must be new for a first-seen rule. */
export const MAX_FIRST_SEEN_FIELDS = 3;
/** Longest history a first-seen rule remembers values for (days). */
export const MAX_HISTORY_DAYS = 365;

/**
 * Fires when the values of `fields` on an event matching `event_filter` were not seen for its group
 * (`group_by`, and the site unless `across_sites`) during the `history_days` before it. Nothing fires
 * during `learning_days` (default: the history) after the first event the rule learnt from
 * (docs/RULES.md "First seen", ADR 0029).
 */
export const FirstSeenConditionsSchema = z
  .strictObject({
    event_filter: RuleFilterSchema,
    fields: z
      .array(FieldPathSchema)
      .min(1, "name at least one field whose value must be new")
      .max(MAX_FIRST_SEEN_FIELDS, `at most ${MAX_FIRST_SEEN_FIELDS} fields`),
    history_days: z.int().min(1).max(MAX_HISTORY_DAYS),
    learning_days: z.int().min(0).max(MAX_HISTORY_DAYS).optional(),
    ...groupFields,
  })
  .superRefine((conditions, ctx) => {
    if (conditions.learning_days !== undefined && conditions.learning_days > conditions.history_days)
      ctx.addIssue({
        code: "custom",
        path: ["learning_days"],
        message: "at most history_days: a value is only remembered that long",
      });
    const grouped = new Set(groupByFields(conditions.group_by));
    conditions.fields.forEach((field, index) => {
      if (grouped.has(field))
        ctx.addIssue({
          code: "custom",
          path: ["fields", index],
          message: "already in group_by: a group's own value is never new to it",
        });
    });
    if (new Set(conditions.fields).size !== conditions.fields.length)
      ctx.addIssue({ code: "custom", path: ["fields"], message: "a field is named twice" });
  });
export type FirstSeenConditions = z.output<typeof FirstSeenConditionsSchema>;

/** The conditions schema of each rule type. */
export const conditionSchemas = {
  threshold: ThresholdConditionsSchema,
  sequence: SequenceConditionsSchema,
  aggregation: AggregationConditionsSchema,
  first_seen: FirstSeenConditionsSchema,
} as const satisfies Record<RuleType, z.ZodType>;
/** The (parsed) conditions of a rule of type `T`. */
export type ConditionsOf<T extends RuleType> = z.output<(typeof conditionSchemas)[T]>;

/**
 * How far back, in seconds, a rule's state reaches: its window, or a first-seen rule's history (what a
 * replay of stored events must cover to rebuild it).
 */
export function stateSpanSeconds(conditions: { window_seconds?: number; history_days?: number }): number {
  return conditions.window_seconds ?? (conditions.history_days ?? 0) * 86_400;
}
