import { type EventFilter, isConditionNode, type RuleFilter } from "@vigie/contracts";
import type { DetectionEvent } from "./types.ts";

/** A compiled test of one event. */
export type EventPredicate = (event: DetectionEvent) => boolean;
/** A compiled read of one (possibly dotted) event field. */
export type FieldReader = (event: DetectionEvent) => unknown;
/** A compiled read of an event's group value; null means the rule skips the event. */
export type GroupReader = (event: DetectionEvent) => string | null;

/** The group of every event of a rule without `group_by`. */
export const GLOBAL_GROUP = "*";

const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const matchAll: EventPredicate = () => true;

/** Compiles a reader of a top-level field or a dotted path such as `normalized.query` or `metadata.agent.id`. */
export function compileFieldReader(path: string): FieldReader {
  const [root = "", ...rest] = path.split(".");
  if (rest.length === 0) return (event) => (event as unknown as Record<string, unknown>)[root];
  return (event) => {
    let value: unknown = (event as unknown as Record<string, unknown>)[root];
    for (const key of rest) {
      if (value === null || typeof value !== "object") return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  };
}

/** Compiles the comparison with one filter value: numbers and numeric strings compare by value. */
function compileEquals(expected: EventFilter[string]): (actual: unknown) => boolean {
  if (expected === null) return (actual) => actual === null || actual === undefined;
  if (typeof expected === "number") {
    return (actual) =>
      actual === expected ||
      (typeof actual === "string" && NUMERIC.test(actual) && Number(actual) === expected);
  }
  if (typeof expected === "string" && NUMERIC.test(expected)) {
    const asNumber = Number(expected);
    return (actual) => actual === expected || actual === asNumber;
  }
  return (actual) => actual === expected;
}

/** Compiles a filter into a predicate, once per rule version; `{}` matches every event. */
export function compileFilter(rule: RuleFilter): EventPredicate {
  if (isConditionNode(rule)) throw new Error("condition trees are not evaluated yet");
  const filter = rule as EventFilter;
  const checks = Object.entries(filter).map(([path, expected]) => ({
    read: compileFieldReader(path),
    equals: compileEquals(expected),
  }));
  if (checks.length === 0) return matchAll;
  return (event) => {
    for (const check of checks) if (!check.equals(check.read(event))) return false;
    return true;
  };
}

/** One-off filter test; the engine compiles its filters instead. */
export function matchesFilter(event: DetectionEvent, filter: EventFilter): boolean {
  return compileFilter(filter)(event);
}

/** The text of a scalar field value, or null when it is empty, missing or not a scalar. */
export function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** Compiles the group reader of `group_by`: "" puts every event in the single global group. */
export function compileGroupReader(groupBy: string | string[]): GroupReader {
  if (Array.isArray(groupBy)) throw new Error("several group-by fields are not evaluated yet");
  if (groupBy === "") return () => GLOBAL_GROUP;
  const read = compileFieldReader(groupBy);
  return (event) => scalarText(read(event));
}

/** One-off group value of an event: `"*"` for "", null when the event has no value (the rule skips it). */
export function groupValue(event: DetectionEvent, groupBy: string): string | null {
  return compileGroupReader(groupBy)(event);
}
