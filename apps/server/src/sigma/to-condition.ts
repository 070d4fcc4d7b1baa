import type {
  Condition,
  ConditionOp,
  ConditionValue,
  DatePart,
  ValueTest,
  ValueTransform,
} from "@vigie/contracts";
import { SIGMA_MODIFIERS } from "./modifiers.ts";
import { type SigmaExpr, type SigmaFieldTest, SigmaRuleError } from "./types.ts";

/** Sigma field name → the stored field the rule reads instead (from a logsource pipeline). */
export type FieldMap = Readonly<Record<string, string>>;

const UNESCAPED_WILDCARD = /(?<!\\)(?:\\\\)*[*?]/;

/** True when a Sigma string holds a `*` or `?` that is not escaped. */
export function hasWildcard(value: string): boolean {
  return UNESCAPED_WILDCARD.test(value);
}

/** A Sigma string without wildcards as the literal it stands for (`\*` → `*`, `\\` → `\`). */
export function unescapeSigma(value: string): string {
  return value.replace(/\\([*?\\])/g, "$1");
}

/** How a plain/contains/startswith/endswith value is written as a wildcard pattern. */
const PATTERN: Record<string, (value: string) => string> = {
  eq: (v) => v,
  contains: (v) => `*${v}*`,
  startswith: (v) => `${v}*`,
  endswith: (v) => `*${v}`,
};

/** The options of a test that do not depend on its values. */
function optionsOf(test: SigmaFieldTest): Omit<ValueTest, "value"> {
  const has = (name: string) => test.modifiers.includes(name);
  const transforms = test.modifiers.filter((m) => SIGMA_MODIFIERS[m]?.kind === "encode") as ValueTransform[];
  const flags = test.modifiers.filter((m) => SIGMA_MODIFIERS[m]?.kind === "regex-flag").join("");
  const datePart = test.modifiers.find((m) => SIGMA_MODIFIERS[m]?.kind === "date-part") as
    | DatePart
    | undefined;
  const match = test.modifiers.find((m) => SIGMA_MODIFIERS[m]?.kind === "match" && m !== "fieldref");
  if (has("neq") && match)
    throw new SigmaRuleError(
      test.path,
      `"neq" cannot be combined with "${match}"`,
      "neq with a match modifier",
    );
  // A keyword is found anywhere in the text; a field value must be the whole value.
  const op = (has("neq") ? "neq" : (match ?? (test.field === null ? "contains" : "eq"))) as ConditionOp;
  return {
    op,
    ...(has("all") ? { all: true } : {}),
    ...(has("cased") ? { cased: true } : {}),
    ...(transforms.length ? { transforms } : {}),
    ...(flags ? { flags } : {}),
    ...(has("expand") ? { expand: true } : {}),
    ...(has("fieldref") ? { fieldref: true } : {}),
    ...(datePart ? { date_part: datePart } : {}),
  };
}

/** Splits string values into literal ones and wildcard patterns, so each keeps Sigma's meaning. */
function valueTests(test: SigmaFieldTest, options: Omit<ValueTest, "value">, fields: FieldMap): ValueTest[] {
  const op = options.op ?? "eq";
  const plain = !options.transforms && !options.fieldref && !options.expand && op in PATTERN;
  if (options.fieldref)
    return [{ ...options, value: oneOrMany(test.values.map((v) => fields[String(v)] ?? String(v))) }];
  if (!plain || !test.values.some((v) => typeof v === "string" && hasWildcard(v))) {
    const literal = (v: ConditionValue) => (typeof v === "string" && op !== "re" ? unescapeSigma(v) : v);
    return [{ ...options, value: oneOrMany(test.values.map(literal)) }];
  }
  const patterns = test.values.filter((v) => typeof v === "string" && hasWildcard(v)) as string[];
  const literals = test.values.filter((v) => !(typeof v === "string" && hasWildcard(v)));
  const wildcard: ValueTest = {
    ...options,
    op: "wildcard",
    value: oneOrMany(patterns.map(PATTERN[op] as (v: string) => string)),
  };
  if (!literals.length) return [wildcard];
  const unescaped = literals.map((v) => (typeof v === "string" ? unescapeSigma(v) : v));
  return [{ ...options, value: oneOrMany(unescaped) }, wildcard];
}

/**
 * `|all` as one test per value under an `all` node: the same meaning, and a test never carries an `all`
 * key that could be read as the boolean node of the same name.
 */
function eachValueWhenAll({ all, ...test }: ValueTest): ValueTest[] {
  if (!all || !Array.isArray(test.value)) return [test];
  return test.value.map((value) => ({ ...test, value }));
}

const oneOrMany = <T>(values: T[]): T | T[] => (values.length === 1 ? (values[0] as T) : values);

/** One Sigma field or keyword test as condition nodes (two when literal and wildcard values mix). */
function testCondition(test: SigmaFieldTest, fields: FieldMap): Condition {
  const options = optionsOf(test);
  const field = test.field === null ? null : (fields[test.field] ?? test.field);
  const nodes: Condition[] = valueTests(test, options, fields)
    .flatMap(eachValueWhenAll)
    .map((valueTest) => {
      if (field !== null) return { field, ...valueTest };
      const { op, ...rest } = valueTest;
      return { keywords: op === "contains" ? rest : { op, ...rest } };
    });
  if (nodes.length === 1) return nodes[0] as Condition;
  return options.all ? { all: nodes } : { any: nodes };
}

/** A Sigma detection tree in Vigie's condition language, its field names mapped through `fields`. */
export function toCondition(expr: SigmaExpr, fields: FieldMap = {}): Condition {
  switch (expr.kind) {
    case "test":
      return testCondition(expr, fields);
    case "not":
      return { not: toCondition(expr.item, fields) };
    case "all":
      return { all: expr.items.map((item) => toCondition(item, fields)) };
    case "any":
      return { any: expr.items.map((item) => toCondition(item, fields)) };
  }
}
