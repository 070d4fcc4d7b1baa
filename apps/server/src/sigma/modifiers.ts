import { SigmaRuleError, type SigmaScalar } from "./types.ts";

/**
 * What a modifier does: `match` picks how a value is compared (one per test), `encode` rewrites string
 * values before the comparison, `flag` qualifies the test, `regex-flag` qualifies `re`, `date-part`
 * compares one part of a date field (one per test).
 */
type ModifierKind = "match" | "encode" | "flag" | "regex-flag" | "date-part";

interface ModifierSpec {
  kind: ModifierKind;
  /** The type of value it accepts. */
  values: "string" | "number" | "any" | "boolean";
  /** Why Vigie refuses it, when it does. */
  unsupported?: string;
}

/** Every modifier of the Sigma modifiers appendix (v2.1.0), keyed by name. */
export const SIGMA_MODIFIERS: Record<string, ModifierSpec> = {
  contains: { kind: "match", values: "string" },
  startswith: { kind: "match", values: "string" },
  endswith: { kind: "match", values: "string" },
  re: { kind: "match", values: "string" },
  cidr: { kind: "match", values: "string" },
  lt: { kind: "match", values: "number" },
  lte: { kind: "match", values: "number" },
  gt: { kind: "match", values: "number" },
  gte: { kind: "match", values: "number" },
  exists: { kind: "match", values: "boolean" },
  fieldref: { kind: "match", values: "string" },
  all: { kind: "flag", values: "any" },
  cased: { kind: "flag", values: "string" },
  neq: { kind: "flag", values: "any" },
  expand: { kind: "flag", values: "string" },
  base64: { kind: "encode", values: "string" },
  base64offset: { kind: "encode", values: "string" },
  utf16le: { kind: "encode", values: "string" },
  utf16be: { kind: "encode", values: "string" },
  utf16: { kind: "encode", values: "string" },
  wide: { kind: "encode", values: "string" },
  windash: { kind: "encode", values: "string" },
  i: { kind: "regex-flag", values: "string" },
  m: { kind: "regex-flag", values: "string" },
  s: { kind: "regex-flag", values: "string" },
  minute: { kind: "date-part", values: "number" },
  hour: { kind: "date-part", values: "number" },
  day: { kind: "date-part", values: "number" },
  week: { kind: "date-part", values: "number" },
  month: { kind: "date-part", values: "number" },
  year: { kind: "date-part", values: "number" },
};

const fits = (value: SigmaScalar, wanted: ModifierSpec["values"]) =>
  wanted === "any" ||
  (wanted === "number" &&
    (typeof value === "number" || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)))) ||
  (wanted === "string" && (typeof value === "string" || typeof value === "number")) ||
  (wanted === "boolean" && typeof value === "boolean");

/** Checks a test's modifier chain against the appendix; a `SigmaRuleError` names the first problem. */
export function checkModifiers(modifiers: string[], values: SigmaScalar[], path: string): void {
  const matches = modifiers.filter((name) => SIGMA_MODIFIERS[name]?.kind === "match");
  for (const name of modifiers) {
    const spec = SIGMA_MODIFIERS[name];
    if (!spec) throw new SigmaRuleError(path, `unknown modifier "${name}"`, "unknown modifier");
    if (spec.unsupported) throw new SigmaRuleError(path, spec.unsupported, `modifier ${name}`);
    if (spec.kind === "regex-flag" && !matches.includes("re"))
      throw new SigmaRuleError(path, `"${name}" only qualifies "re"`, "regex flag without re");
    const wrong = values.find((value) => value !== null && !fits(value, spec.values));
    if (wrong !== undefined)
      throw new SigmaRuleError(
        path,
        `"${name}" does not apply to ${JSON.stringify(wrong)}`,
        "modifier on a wrong value type",
      );
  }
  const parts = modifiers.filter((name) => SIGMA_MODIFIERS[name]?.kind === "date-part");
  if (parts.length > 1)
    throw new SigmaRuleError(path, `"${parts.join('" and "')}" cannot be combined`, "conflicting modifiers");
  if (matches.length > 1)
    throw new SigmaRuleError(
      path,
      `"${matches.join('" and "')}" cannot be combined`,
      "conflicting modifiers",
    );
}
