import { z } from "zod";
import { type Condition, ConditionTreeSchema, FieldNameSchema, isConditionNode } from "./conditions.ts";
import { RULE_TYPES, type RuleType, SEVERITIES } from "./enums.ts";
import { AttackListsSchema, SigmaOriginSchema } from "./sigma.ts";

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

const FieldPathSchema = FieldNameSchema;
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
const groupFields = {
  group_by: GroupBySchema,
  /** One group key for every site: a rule that correlates across clinics says so explicitly. */
  across_sites: z.boolean().default(false),
};
const CountSchema = z.int().min(1).max(MAX_RULE_COUNT);
const WindowSchema = z.int().min(1).max(MAX_WINDOW_SECONDS);

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

/** Fires when `threshold` matching events share a group value within the window. */
export const ThresholdConditionsSchema = z.strictObject({
  event_filter: RuleFilterSchema,
  threshold: CountSchema,
  window_seconds: WindowSchema,
  ...groupFields,
});
export type ThresholdConditions = z.output<typeof ThresholdConditionsSchema>;

/** One step of a sequence: `count` events matching `event_filter`. */
export const SequenceStepSchema = z.strictObject({
  event_filter: RuleFilterSchema,
  count: CountSchema.default(1),
});

/** Fires when every step's count is reached, in step order, within the window, for one group value. */
export const SequenceConditionsSchema = z.strictObject({
  steps: z
    .array(SequenceStepSchema)
    .min(2)
    .max(10)
    .refine((steps) => steps.reduce((sum, step) => sum + step.count, 0) <= MAX_RULE_COUNT, {
      message: `the step counts add up to more than ${MAX_RULE_COUNT}`,
    }),
  window_seconds: WindowSchema,
  ...groupFields,
});
export type SequenceConditions = z.output<typeof SequenceConditionsSchema>;

/** Fires when matching events of one group carry `threshold` distinct non-empty `aggregation_field` values. */
export const AggregationConditionsSchema = z.strictObject({
  event_filter: RuleFilterSchema,
  aggregation: z.literal("count_distinct").default("count_distinct"),
  aggregation_field: FieldPathSchema,
  threshold: CountSchema,
  window_seconds: WindowSchema,
  ...groupFields,
});
export type AggregationConditions = z.output<typeof AggregationConditionsSchema>;

/** The conditions schema of each rule type. */
export const conditionSchemas = {
  threshold: ThresholdConditionsSchema,
  sequence: SequenceConditionsSchema,
  aggregation: AggregationConditionsSchema,
} as const satisfies Record<RuleType, z.ZodType>;
/** The (parsed) conditions of a rule of type `T`. */
export type ConditionsOf<T extends RuleType> = z.output<(typeof conditionSchemas)[T]>;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

/**
 * What the API shows instead of a webhook secret or a credential header value: they are write-only, and
 * sending the mask back in an update keeps the stored value.
 */
export const SECRET_MASK = "********";

const CREDENTIAL_HEADER = /auth|token|secret|key|pass|cookie|session|signature|credential/i;

/** True for a header whose value is a credential (`Authorization`, `X-Api-Key`, `Cookie`, ...). */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}

/** What a rule does when it fires: `{type, config}` (CONTRACT §6). */
export const RuleActionSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("log"), config: z.strictObject({}).default({}) }),
  z.strictObject({
    type: z.literal("email"),
    config: z.strictObject({ recipients: z.array(z.email().max(254)).min(1).max(20) }),
  }),
  z.strictObject({
    type: z.literal("webhook"),
    config: z.strictObject({
      url: z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).max(2048),
      secret: z
        .string()
        .min(1)
        .max(256)
        .optional()
        .describe(
          `write-only: read back as "${SECRET_MASK}"; sending "${SECRET_MASK}" keeps the stored secret`,
        ),
      headers: z
        .record(z.string().regex(HEADER_NAME, "must be an HTTP header name"), z.string().max(1024))
        .refine((headers) => Object.keys(headers).length <= 20, "at most 20 headers")
        .optional(),
    }),
  }),
]);
export type RuleAction = z.output<typeof RuleActionSchema>;

const optionalText = (max: number) => z.string().trim().max(max).nullish();

/** The fields every rule has, whatever its type. */
const ruleFields = {
  name: z.string().trim().min(1).max(200),
  description: optionalText(2000),
  severity: z.enum(SEVERITIES),
  enabled: z.boolean().default(true),
  mitre_tactic: optionalText(100),
  mitre_technique: optionalText(100),
  mitre_tactics: AttackListsSchema.mitre_tactics.default([]),
  mitre_techniques: AttackListsSchema.mitre_techniques.default([]),
  cooldown_seconds: z.int().min(0).max(MAX_WINDOW_SECONDS).default(300),
  actions: z.array(RuleActionSchema).max(10).default([]),
};

const ruleOfType = <T extends RuleType>(type: T) =>
  z.object({ ...ruleFields, rule_type: z.literal(type), conditions: conditionSchemas[type] });

/**
 * The body of `POST /rules`: a union on `rule_type`, so `conditions` is validated against the schema of
 * that type and its issues are reported under `conditions.*`.
 */
export const RuleCreateSchema = z.discriminatedUnion("rule_type", [
  ruleOfType("threshold"),
  ruleOfType("sequence"),
  ruleOfType("aggregation"),
]);
/** A valid rule as parsed (defaults applied). */
export type RuleCreate = z.output<typeof RuleCreateSchema>;
/** A rule as a client writes it (defaults may be omitted). */
export type RuleCreateInput = z.input<typeof RuleCreateSchema>;

/**
 * The body of `PATCH /rules/:id`: any subset of the fields; `conditions` is only checked to be an object
 * here, because it must fit the merged rule's type (see `mergeRuleUpdate`).
 */
export const RuleUpdateSchema = z
  .object({
    name: ruleFields.name,
    description: ruleFields.description,
    rule_type: z.enum(RULE_TYPES),
    conditions: z.record(z.string(), z.unknown()),
    severity: ruleFields.severity,
    enabled: z.boolean(),
    mitre_tactic: ruleFields.mitre_tactic,
    mitre_technique: ruleFields.mitre_technique,
    ...AttackListsSchema,
    cooldown_seconds: z.int().min(0).max(MAX_WINDOW_SECONDS),
    actions: z.array(RuleActionSchema).max(10),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "nothing to update");
export type RuleUpdate = z.output<typeof RuleUpdateSchema>;

/** Validates a stored rule with a patch applied, exactly as a new rule would be. */
export function mergeRuleUpdate(current: RuleCreateInput, patch: RuleUpdate) {
  return RuleCreateSchema.safeParse({ ...current, ...patch });
}

/** The fields the server adds to a stored rule. */
export const RuleStoredFieldsSchema = z.object({
  /** The Sigma rule it was imported from; null for a rule written in Vigie. */
  sigma: SigmaOriginSchema.nullable().default(null),
  id: z.string(),
  trigger_count: z.int(),
  last_triggered: z.string().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** A stored rule as the native API returns it. */
export const RuleSchema = z.intersection(RuleCreateSchema, RuleStoredFieldsSchema);
export type Rule = z.output<typeof RuleSchema>;
/** A stored rule of one type, with its conditions typed. */
export type RuleOfType<T extends RuleType> = Extract<Rule, { rule_type: T }>;
