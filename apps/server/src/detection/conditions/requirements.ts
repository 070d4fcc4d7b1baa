import type { Condition, ConditionValue, FieldTest } from "@vigie/contracts";
import { type Literals, literalsOf } from "./literals.ts";

/** Field → the values one of which an event must have there for the condition to hold. */
export type RequiredValues = ReadonlyMap<string, ReadonlySet<string>>;

/** What every event a condition holds for must have: how the rule index files a rule (docs/adr/0013). */
export interface Requirements {
  /** Values some fields must equal (the index's buckets). */
  readonly values: RequiredValues;
  /** Texts one of which must appear in a field (the index's literal prefilter); null when none is known. */
  readonly literals: Literals | null;
}

/** Most values one requirement may list before it stops being worth indexing. */
const MAX_REQUIRED_VALUES = 64;

/**
 * The key a value is indexed under: lowercased text, numbers in canonical form, so that an equality
 * test (case-insensitive, numbers by value) never misses an event the index should offer it.
 */
export function indexKey(value: unknown): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return String(value);
  if (typeof value !== "string") return null;
  return /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? String(Number(value)) : value.toLowerCase();
}

/** The values a plain equality test requires, or null when the test is not one. */
function equalityValues(test: FieldTest): Set<string> | null {
  const plain = (test.op ?? "eq") === "eq" && !test.transforms?.length && !test.fieldref && !test.date_part;
  if (!plain || test.expand) return null;
  const values = Array.isArray(test.value) ? test.value : [test.value];
  if (test.all && values.length > 1) return null;
  const keys = new Set<string>();
  for (const value of values as ConditionValue[]) {
    const key = value === null ? null : indexKey(value);
    if (key === null) return null;
    keys.add(key);
  }
  return keys.size > 0 && keys.size <= MAX_REQUIRED_VALUES ? keys : null;
}

/** Both sides hold: a field required by either stays required (values intersected when both require it). */
function both(left: RequiredValues, right: RequiredValues): RequiredValues {
  const merged = new Map(left);
  for (const [field, values] of right) {
    const known = merged.get(field);
    merged.set(field, known ? new Set([...known].filter((value) => values.has(value))) : values);
  }
  return merged;
}

/** One side holds: only a field both sides require stays required, with either side's values. */
function either(left: RequiredValues, right: RequiredValues): RequiredValues {
  const merged = new Map<string, ReadonlySet<string>>();
  for (const [field, values] of left) {
    const other = right.get(field);
    if (other && values.size + other.size <= MAX_REQUIRED_VALUES)
      merged.set(field, new Set([...values, ...other]));
  }
  return merged;
}

/**
 * The equality values every event satisfying the condition must hold. Conservative: a part it cannot
 * reason about (`not`, `n of`, patterns, keywords) requires nothing.
 */
function requiredValuesOf(node: Condition): RequiredValues {
  if ("field" in node) {
    const values = equalityValues(node);
    return values ? new Map([[node.field, values]]) : new Map();
  }
  if ("all" in node) return node.all.map(requiredValuesOf).reduce(both, new Map());
  if ("any" in node) {
    if (node.any.length === 0) return new Map();
    return node.any.map(requiredValuesOf).reduce(either);
  }
  if ("of" in node && node.at_least === node.of.length)
    return node.of.map(requiredValuesOf).reduce(both, new Map());
  return new Map();
}

/** What every event satisfying the condition must hold: equality values, and literals. */
export function requirementsOf(node: Condition): Requirements {
  return { values: requiredValuesOf(node), literals: literalsOf(node) };
}
