import { z } from "zod";
import { RULE_TYPES, type RuleType, SEVERITIES } from "./enums.ts";
import { conditionSchemas } from "./rule-conditions.ts";
import { MAX_WINDOW_SECONDS } from "./rule-filters.ts";
import { AttackListsSchema, SigmaOriginSchema } from "./sigma.ts";

export * from "./bounds.ts";
export * from "./rule-conditions.ts";
export * from "./rule-filters.ts";

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
  ruleOfType("first_seen"),
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
  /** How many exceptions the rule has (any state; `GET /rules/:id/exceptions` lists them). */
  exception_count: z.int().default(0),
  created_at: z.string(),
  updated_at: z.string(),
});

/** A stored rule as the native API returns it. */
export const RuleSchema = z.intersection(RuleCreateSchema, RuleStoredFieldsSchema);
export type Rule = z.output<typeof RuleSchema>;
/** A stored rule of one type, with its conditions typed. */
export type RuleOfType<T extends RuleType> = Extract<Rule, { rule_type: T }>;
