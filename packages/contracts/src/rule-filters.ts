import { z } from "zod";
import { type Condition, ConditionTreeSchema, FieldNameSchema, isConditionNode } from "./conditions.ts";

/** Top-level event fields a rule may filter, group or aggregate on. */
export const EVENT_FILTER_FIELDS = [
  "site_id",
  "source_type",
  "event_type",
  "severity",
  "source_ip",
  "dest_ip",
  "source_port",
  "dest_port",
  "hostname",
  "username",
] as const;

/** Largest threshold or step count: a window keeps at most this many events per group. */
export const MAX_RULE_COUNT = 10_000;
/** Longest correlation window (one day). */
export const MAX_WINDOW_SECONDS = 86_400;

/** Most fields one group key may combine. */
export const MAX_GROUP_FIELDS = 10;

const DOTTED_FIELD = /^(?:normalized|metadata|raw)(?:\.[A-Za-z0-9_-]+)+$/;
const FIELD_HINT =
  "must be a top-level event field (site_id, source_type, event_type, ...) or normalized.<key> / metadata.<key> / raw.<key>";

/** True when `path` names an event field the detection engine can read. */
export function isEventFieldPath(path: string): boolean {
  return (
    (EVENT_FILTER_FIELDS as readonly string[]).includes(path) ||
    (path.length <= 128 && DOTTED_FIELD.test(path))
  );
}

/** A field a rule groups or aggregates on (docs/RULES.md, "Field names"). */
export const FieldPathSchema = FieldNameSchema;
/**
 * The fields whose values make a rule's group key: one name, several, or "" / [] for one group. The site is
 * part of the key too unless the rule says `across_sites`.
 */
export const GroupBySchema = z
  .union([
    z.literal(""),
    FieldPathSchema,
    z.array(FieldPathSchema).max(MAX_GROUP_FIELDS, `at most ${MAX_GROUP_FIELDS} fields`),
  ])
  .default("");
export type GroupBy = z.output<typeof GroupBySchema>;

/** The group-by fields of a rule as a list ("" is none). */
export function groupByFields(groupBy: GroupBy): string[] {
  if (Array.isArray(groupBy)) return groupBy;
  return groupBy === "" ? [] : [groupBy];
}

/** Group and site options every windowed rule shares. */
export const groupFields = {
  group_by: GroupBySchema,
  /** One group key for every site: a rule that correlates across clinics says so explicitly. */
  across_sites: z.boolean().default(false),
};
/** A count of events a window can hold. */
export const CountSchema = z.int().min(1).max(MAX_RULE_COUNT);
/** A window length in seconds. */
export const WindowSchema = z.int().min(1).max(MAX_WINDOW_SECONDS);

/** A value an event field is compared with (numbers and numeric strings compare by value). */
export const FilterValueSchema = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()], {
  error: "must be a string, number, boolean or null",
});

/** Field → value, all of which must equal the event's (`{}` matches every event). */
export const EventFilterSchema = z.record(z.string(), FilterValueSchema).superRefine((filter, ctx) => {
  const keys = Object.keys(filter);
  if (keys.length > 20) ctx.addIssue({ code: "custom", message: "at most 20 fields" });
  for (const key of keys) {
    if (!isEventFieldPath(key))
      ctx.addIssue({ code: "custom", path: [key], message: `unknown field: ${FIELD_HINT}` });
  }
});
export type EventFilter = z.output<typeof EventFilterSchema>;

/**
 * Which events a rule (or a step) takes: a condition tree, or the legacy field → value equality object,
 * its simplest form (compiled into the same tree, cased, so stored rules keep their meaning).
 */
export const RuleFilterSchema: z.ZodType<EventFilter | Condition> = z.unknown().transform((value, ctx) => {
  const parsed = (isConditionNode(value) ? ConditionTreeSchema : EventFilterSchema).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
  return z.NEVER;
});
export type RuleFilter = z.output<typeof RuleFilterSchema>;
