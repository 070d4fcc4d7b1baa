import { z } from "zod";

/**
 * The one condition language of every rule (docs/RULES.md): a boolean tree over field tests with Sigma's
 * semantics. Native rules write it as JSON; Sigma rules are imported into it.
 */

/** How a field test compares the event's value with the rule's values. */
export const CONDITION_OPS = [
  "eq",
  "neq",
  "contains",
  "startswith",
  "endswith",
  "wildcard",
  "re",
  "cidr",
  "lt",
  "lte",
  "gt",
  "gte",
  "exists",
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Sigma's value modifiers that rewrite the rule's string values, applied in order when the rule compiles. */
export const VALUE_TRANSFORMS = [
  "base64",
  "base64offset",
  "utf16",
  "utf16le",
  "utf16be",
  "wide",
  "windash",
] as const;
export type ValueTransform = (typeof VALUE_TRANSFORMS)[number];

/** Sigma's time modifiers: the test compares this part of a date field (UTC) instead of the field. */
export const DATE_PARTS = ["minute", "hour", "day", "week", "month", "year"] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** Most values one test may list (Sigma rules list up to a few hundred). */
export const MAX_CONDITION_VALUES = 5_000;
/** Deepest nesting of a condition tree. */
export const MAX_CONDITION_DEPTH = 32;
/** Longest field name or value a condition may hold. */
export const MAX_CONDITION_TEXT = 8_192;

/** A value a field is compared with: numbers and numeric strings compare by value; null means "no value". */
export type ConditionValue = string | number | boolean | null;

/** What every field or keyword test says about its values. */
export interface ValueTest {
  /** Default "eq" (for keywords: "contains"). */
  op?: ConditionOp;
  /** One value, or a list of which any must match (every one with `all`). */
  value: ConditionValue | ConditionValue[];
  /** Every listed value must match (Sigma `|all`). */
  all?: boolean;
  /** Compare strings case-sensitively (Sigma `|cased`); `re` is cased unless its flags hold `i`. */
  cased?: boolean;
  /** Value rewrites applied in order at compile time (Sigma `|base64`, `|wide`, `|windash`...). */
  transforms?: ValueTransform[];
  /** Regular expression flags for `re`, any of "i", "m", "s" (RE2 semantics, linear time). */
  flags?: string;
  /** Values hold `%name%` placeholders replaced by the admin-edited value lists (Sigma `|expand`). */
  expand?: boolean;
  /** Values are names of other fields of the same event (Sigma `|fieldref`). */
  fieldref?: boolean;
  /** Compare this part of a date field (Sigma time modifiers). */
  date_part?: DatePart;
}

/** A test of one event field (named as in docs/RULES.md "Field names"). */
export interface FieldTest extends ValueTest {
  field: string;
}

/** The condition tree: a boolean combination of field and full-text tests. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { of: Condition[]; at_least: number }
  | FieldTest
  | { keywords: ValueTest }
  | RuleReference;

/**
 * The events another rule's filter takes (`{"rule": "<rule id>"}`), whether that rule is enabled or not:
 * how a correlation reads the rules it correlates. Resolved into that filter before the rule compiles.
 */
export interface RuleReference {
  rule: string;
}

/** True for a name a rule may read: 1 to 128 characters, none of them a control character. */
export function isFieldName(name: string): boolean {
  if (name.length === 0 || name.length > 128) return false;
  for (let index = 0; index < name.length; index++) if (name.charCodeAt(index) < 0x20) return false;
  return true;
}

/** A field name as a rule writes it (docs/RULES.md, "Field names"). */
export const FieldNameSchema = z
  .string()
  .refine(isFieldName, "must be a field name of 1 to 128 printable characters (docs/RULES.md, Field names)");
const ValueSchema = z.union([z.string().max(MAX_CONDITION_TEXT), z.number(), z.boolean(), z.null()], {
  error: "must be a string, number, boolean or null",
});

const valueTestShape = {
  op: z.enum(CONDITION_OPS).optional(),
  value: z.union([ValueSchema, z.array(ValueSchema).min(1).max(MAX_CONDITION_VALUES)]),
  all: z.boolean().optional(),
  cased: z.boolean().optional(),
  transforms: z.array(z.enum(VALUE_TRANSFORMS)).max(8).optional(),
  flags: z
    .string()
    .regex(/^[ims]{0,3}$/, 'must be any of the flags "i", "m", "s"')
    .optional(),
  expand: z.boolean().optional(),
  fieldref: z.boolean().optional(),
  date_part: z.enum(DATE_PARTS).optional(),
};

/** A keyword (full-text) test: its values are searched in the message, the raw line and the raw document. */
export const ValueTestSchema = z.strictObject(valueTestShape);
/** A test of one field. */
export const FieldTestSchema = z.strictObject({ field: FieldNameSchema, ...valueTestShape });

/** A rule's id as a reference names it (a UUID). */
export const RuleIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a rule id (a UUID)");

/**
 * The key that says which kind of node an object is, looked for in this order: a field test may carry
 * `all: true` (Sigma's `|all`), so `field` decides before `all`.
 */
const NODE_KEYS = ["field", "keywords", "all", "any", "not", "of", "rule"] as const;
type NodeKey = (typeof NODE_KEYS)[number];

/** True when `value` is written as a condition tree node rather than a legacy field → value filter. */
export function isConditionNode(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    NODE_KEYS.some((key) => Object.hasOwn(value, key))
  );
}

const nodeSchemas: Record<NodeKey, () => z.ZodType> = {
  all: () => z.strictObject({ all: z.array(ConditionSchema).max(MAX_CONDITION_VALUES) }),
  any: () => z.strictObject({ any: z.array(ConditionSchema).max(MAX_CONDITION_VALUES) }),
  not: () => z.strictObject({ not: ConditionSchema }),
  of: () =>
    z.strictObject({
      of: z.array(ConditionSchema).min(1).max(MAX_CONDITION_VALUES),
      at_least: z.int().min(1),
    }),
  field: () => FieldTestSchema,
  keywords: () => z.strictObject({ keywords: ValueTestSchema }),
  rule: () => z.strictObject({ rule: RuleIdSchema }),
};

/** True when the tree nests deeper than `limit`; stops descending there, so a hostile tree cannot overflow. */
function deeperThan(node: unknown, limit: number): boolean {
  if (!isConditionNode(node)) return false;
  if (limit === 0) return true;
  const children = Object.values(node as object).flatMap((child) => (Array.isArray(child) ? child : [child]));
  return children.some((child) => deeperThan(child, limit - 1));
}

/**
 * One node of the condition tree, checked by the schema of the kind its key names, so an error names
 * the exact part that is wrong (`all.2.value: ...`) rather than "no variant matched".
 */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.unknown().transform((node, ctx) => {
    const key = isConditionNode(node)
      ? NODE_KEYS.find((name) => Object.hasOwn(node as object, name))
      : undefined;
    if (!key) {
      ctx.addIssue({
        code: "custom",
        message: `must be a condition: an object with one of ${NODE_KEYS.join(", ")}`,
      });
      return z.NEVER;
    }
    const parsed = nodeSchemas[key]().safeParse(node);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
      return z.NEVER;
    }
    return parsed.data as Condition;
  }),
);

/** A whole condition tree, its depth checked before parsing so neither parsing nor compiling can overflow. */
export const ConditionTreeSchema: z.ZodType<Condition> = z
  .unknown()
  .refine((tree) => !deeperThan(tree, MAX_CONDITION_DEPTH), {
    message: `nested deeper than ${MAX_CONDITION_DEPTH} levels`,
    abort: true,
  })
  .pipe(ConditionSchema);
