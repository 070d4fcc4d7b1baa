import type { ConditionOp, ConditionValue } from "@vigie/contracts";
import { compileNetworks } from "./cidr.ts";
import { compileRegex } from "./regex.ts";
import { classifyPattern, globMatches } from "./wildcard.ts";

/** One scalar of an event field, with its text forms computed once per test. */
export interface Actual {
  readonly value: unknown;
  /** The value as text (numbers and booleans written out), null when it is not a scalar. */
  readonly text: string | null;
  /** `text` lowercased, for the case-insensitive tests. */
  readonly lower: string | null;
}

/** Prepares one scalar of an event field. */
export function actualOf(value: unknown): Actual {
  const text =
    typeof value === "string"
      ? value
      : typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : null;
  return { value, text, lower: text === null ? null : text.toLowerCase() };
}

/** A compiled comparison of one event scalar with one rule value. */
export type ValueMatcher = (actual: Actual) => boolean;

/** How a value is compared: its case and regex flags. */
export interface MatchOptions {
  readonly cased: boolean;
  readonly flags: string;
}

/** A numeric text: such values compare by number. */
export const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/** The value as a number, when it is one or a numeric text. */
export function numberOf(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && NUMERIC.test(value.trim())) return Number(value);
  return null;
}

const textOf = (actual: Actual, cased: boolean) => (cased ? actual.text : actual.lower);
const caseOf = (value: ConditionValue, cased: boolean) =>
  cased ? String(value) : String(value).toLowerCase();

/** Equality with Sigma's semantics: null is "no value", numbers compare by value, text ignores case unless cased. */
function equals(expected: ConditionValue, options: MatchOptions): ValueMatcher {
  if (expected === null) return (actual) => actual.value === null || actual.value === undefined;
  if (typeof expected === "number" || (typeof expected === "string" && NUMERIC.test(expected))) {
    const number = Number(expected);
    const text = caseOf(expected, options.cased);
    return (actual) =>
      typeof actual.value === "number" || typeof expected === "number"
        ? numberOf(actual.value) === number
        : textOf(actual, options.cased) === text;
  }
  if (typeof expected === "boolean") {
    return (actual) => actual.value === expected || actual.lower === String(expected);
  }
  const text = caseOf(expected, options.cased);
  // Cased (and legacy) equality keeps types apart: the text "false" is not the boolean false.
  if (options.cased) return (actual) => typeof actual.value !== "boolean" && actual.text === text;
  return (actual) => actual.lower === text;
}

const textTest =
  (test: (text: string, expected: string) => boolean) =>
  (expected: ConditionValue, options: MatchOptions): ValueMatcher => {
    const wanted = caseOf(expected, options.cased);
    return (actual) => {
      const text = textOf(actual, options.cased);
      return text !== null && test(text, wanted);
    };
  };

function wildcard(expected: ConditionValue, options: MatchOptions): ValueMatcher {
  const pattern = classifyPattern(caseOf(expected, options.cased));
  if (pattern.kind === "glob") {
    const { tokens } = pattern;
    return (actual) => {
      const text = textOf(actual, options.cased);
      return text !== null && globMatches(tokens, text);
    };
  }
  // A pattern without inner wildcards is one of the plain text tests, which are cheaper than a glob.
  return pattern.kind === "eq"
    ? textTest((text, wanted) => text === wanted)(pattern.text, options)
    : matchers[pattern.kind](pattern.text, options);
}

function compare(test: (actual: number, expected: number) => boolean) {
  return (expected: ConditionValue): ValueMatcher => {
    const number = numberOf(expected);
    if (number === null) throw new Error(`"${String(expected)}" is not a number`);
    return (actual) => {
      const value = numberOf(actual.value);
      return value !== null && test(value, number);
    };
  };
}

/** The matcher of each comparison operator (`exists` and `neq` are decided by the field test). */
export const matchers: Record<
  Exclude<ConditionOp, "exists" | "neq">,
  (expected: ConditionValue, options: MatchOptions) => ValueMatcher
> = {
  eq: equals,
  contains: textTest((text, expected) => text.includes(expected)),
  startswith: textTest((text, expected) => text.startsWith(expected)),
  endswith: textTest((text, expected) => text.endsWith(expected)),
  wildcard,
  re: (expected, options) => {
    const test = compileRegex(String(expected), options.flags);
    return (actual) => actual.text !== null && test(actual.text);
  },
  cidr: (expected) => {
    const test = compileNetworks([String(expected)]);
    return (actual) => actual.text !== null && test(actual.text);
  },
  lt: compare((actual, expected) => actual < expected),
  lte: compare((actual, expected) => actual <= expected),
  gt: compare((actual, expected) => actual > expected),
  gte: compare((actual, expected) => actual >= expected),
};
