import {
  type Condition,
  type ConditionValue,
  type DatePart,
  type EventFilter,
  type FieldTest,
  isConditionNode,
  type RuleFilter,
  type ValueTest,
} from "@vigie/contracts";
import type { DetectionEvent } from "../types.ts";
import { compileFieldReader, EVENT_COLUMNS, eventTexts, type FieldReader, KEYWORDS_KEY } from "./fields.ts";
import {
  type Actual,
  actualOf,
  type MatchOptions,
  matchers,
  numberOf,
  type ValueMatcher,
} from "./operators.ts";
import { transformValue } from "./transforms.ts";

/** A compiled test of one event. */
export type EventPredicate = (event: DetectionEvent) => boolean;

const PLACEHOLDER = /%[A-Za-z0-9_.-]+%/;

/** The legacy field → value filter as the tree it means: every field equal, case-sensitively. */
export function filterToCondition(filter: EventFilter): Condition {
  return { all: Object.entries(filter).map(([field, value]) => ({ field, value, cased: true })) };
}

/** A rule's filter as a condition tree, whichever form it was written in. */
export function asCondition(filter: RuleFilter): Condition {
  return isConditionNode(filter) ? (filter as Condition) : filterToCondition(filter as EventFilter);
}

const listOf = (value: ConditionValue | ConditionValue[]) => (Array.isArray(value) ? value : [value]);

/** The matcher of one rule value, after its transforms: any of the values they produce matches. */
function compileValue(test: ValueTest, value: ConditionValue): ValueMatcher {
  const op = test.op === "neq" || !test.op ? "eq" : test.op;
  if (op === "exists") throw new Error("exists takes true or false, not a list");
  if (test.expand && typeof value === "string" && PLACEHOLDER.test(value)) {
    throw new Error(
      `placeholder ${PLACEHOLDER.exec(value)?.[0]} has no values: an admin sets it under placeholders`,
    );
  }
  const options: MatchOptions = { cased: test.cased ?? false, flags: test.flags ?? "" };
  if (!test.transforms?.length) return matchers[op](value, options);
  if (op === "wildcard") throw new Error("transforms apply to literal values, not to wildcard patterns");
  const variants = transformValue(String(value), test.transforms).map((variant) =>
    matchers[op](variant, options),
  );
  return (actual) => variants.some((matches) => matches(actual));
}

/** True when the scalars satisfy the value matchers: any value, or every value with `all`; neq negates. */
function compileValues(test: ValueTest): (scalars: readonly Actual[]) => boolean {
  const values = listOf(test.value).map((value) => compileValue(test, value));
  const one = (matches: ValueMatcher) => (scalars: readonly Actual[]) => scalars.some(matches);
  const checks = values.map(one);
  const positive = test.all
    ? (scalars: readonly Actual[]) => checks.every((check) => check(scalars))
    : (scalars: readonly Actual[]) => checks.some((check) => check(scalars));
  return test.op === "neq" ? (scalars) => !positive(scalars) : positive;
}

/** The scalars of a field value: a list's items, or the value itself. */
const scalarsOf = (value: unknown): Actual[] =>
  Array.isArray(value) ? value.map(actualOf) : [actualOf(value)];

/** Each event's prepared field values, so a thousand rules reading `Image` lowercase it once. */
const preparedFields = new WeakMap<DetectionEvent, Map<string, Actual[]>>();

/** The prepared scalars of a field of the event, read and lowercased once per event. */
function preparedScalars(event: DetectionEvent, key: string, read: FieldReader): Actual[] {
  let fields = preparedFields.get(event);
  if (!fields) {
    fields = new Map();
    preparedFields.set(event, fields);
  }
  let scalars = fields.get(key);
  if (!scalars) {
    scalars = scalarsOf(read(event));
    fields.set(key, scalars);
  }
  return scalars;
}

const textReaders = new Map<string, FieldReader>();

/**
 * The prepared scalars of a field (or of the keyword texts under `KEYWORDS_KEY`), from the same per-event
 * cache the compiled tests read: what the rule index searches for literals.
 */
export function fieldScalars(event: DetectionEvent, field: string): Actual[] {
  let read = textReaders.get(field);
  if (!read) {
    read = field === KEYWORDS_KEY ? eventTexts : compileFieldReader(field);
    textReaders.set(field, read);
  }
  return preparedScalars(event, field, read);
}

/** The ISO 8601 week number: weeks start on Monday, week 1 holds the year's first Thursday. */
function isoWeek(date: Date): number {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

const DATE_PARTS: Record<DatePart, (date: Date) => number> = {
  minute: (date) => date.getUTCMinutes(),
  hour: (date) => date.getUTCHours(),
  day: (date) => date.getUTCDate(),
  month: (date) => date.getUTCMonth() + 1,
  year: (date) => date.getUTCFullYear(),
  week: isoWeek,
};

/** A reader of the date part of a field: the part as a number, undefined when the field is not a date. */
function datePartReader(read: FieldReader, part: DatePart): FieldReader {
  return (event) => {
    const value = read(event);
    const time =
      typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
    return Number.isNaN(time) ? undefined : DATE_PARTS[part](new Date(time));
  };
}

/** A field test whose values name other fields of the same event (Sigma `|fieldref`). */
function compileFieldref(test: FieldTest, read: FieldReader): EventPredicate {
  const op = test.op === "neq" || !test.op ? "eq" : test.op;
  if (!["eq", "contains", "startswith", "endswith", "lt", "lte", "gt", "gte"].includes(op)) {
    throw new Error(`fieldref cannot be combined with ${op}`);
  }
  const options: MatchOptions = { cased: test.cased ?? false, flags: "" };
  const others = listOf(test.value).map((name) => compileFieldReader(String(name)));
  const compare = matchers[op as "eq"];
  const positive = (event: DetectionEvent) => {
    const scalars = scalarsOf(read(event));
    const one = (other: FieldReader) => {
      const expected = other(event);
      if (expected === undefined || (typeof expected === "object" && expected !== null)) return false;
      if (op !== "eq" && numberOf(expected) === null && ["lt", "lte", "gt", "gte"].includes(op)) return false;
      const matches = compare(expected as ConditionValue, options);
      return scalars.some(matches);
    };
    return test.all ? others.every(one) : others.some(one);
  };
  return test.op === "neq" ? (event) => !positive(event) : positive;
}

/** True when a field is present: a null column is absent, a null value elsewhere is present (Sigma). */
function compileExists(test: FieldTest, read: FieldReader): EventPredicate {
  const values = listOf(test.value);
  const wanted = values[0] === true || String(values[0]).toLowerCase() === "true";
  if (values.length !== 1 || !["true", "false"].includes(String(values[0]).toLowerCase())) {
    throw new Error("exists takes true or false");
  }
  const isColumn = EVENT_COLUMNS.has(test.field);
  return (event) => {
    const value = read(event);
    return (value !== undefined && !(isColumn && value === null)) === wanted;
  };
}

function compileFieldTest(test: FieldTest): EventPredicate {
  const read = compileFieldReader(test.field);
  if (test.op === "exists") return compileExists(test, read);
  if (test.fieldref) return compileFieldref(test, read);
  const source = test.date_part ? datePartReader(read, test.date_part) : read;
  const key = test.date_part ? `${test.field}\u0000${test.date_part}` : test.field;
  const satisfied = compileValues(test);
  return (event) => satisfied(preparedScalars(event, key, source));
}

function compileKeywords(test: ValueTest): EventPredicate {
  if (test.op === "exists" || test.fieldref || test.date_part) {
    throw new Error("keywords take text tests only (no exists, fieldref or date_part)");
  }
  const satisfied = compileValues({ ...test, op: test.op ?? "contains" });
  // The texts are a list, which the cache prepares like a list-valued field.
  return (event) => satisfied(preparedScalars(event, KEYWORDS_KEY, eventTexts));
}

/** A part of a condition tree that cannot be compiled, with where it is (`all.2.any.0`). */
export class ConditionError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = "ConditionError";
  }
}

/** Compiles the children of a node, naming the failing child's place in the tree. */
function compileChildren(nodes: readonly Condition[], path: string): EventPredicate[] {
  return nodes.map((child, index) => compileAt(child, `${path}.${index}`));
}

function compileAt(node: Condition, path: string): EventPredicate {
  try {
    return compileNode(node, path);
  } catch (error) {
    if (error instanceof ConditionError) throw error;
    throw new ConditionError(path, error instanceof Error ? error.message : String(error));
  }
}

function compileNode(node: Condition, path: string): EventPredicate {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if ("field" in node) return compileFieldTest(node);
  if ("all" in node) {
    const parts = compileChildren(node.all, at("all"));
    return (event) => parts.every((part) => part(event));
  }
  if ("any" in node) {
    const parts = compileChildren(node.any, at("any"));
    return (event) => parts.some((part) => part(event));
  }
  if ("not" in node) {
    const inner = compileAt(node.not, at("not"));
    return (event) => !inner(event);
  }
  if ("of" in node) {
    const parts = compileChildren(node.of, at("of"));
    const { at_least } = node;
    return (event) => {
      let met = 0;
      for (const part of parts) if (part(event) && ++met >= at_least) return true;
      return false;
    };
  }
  if ("rule" in node)
    throw new Error(
      `rule ${node.rule} is referenced but could not be read (deleted, a sequence, or a cycle)`,
    );
  return compileKeywords(node.keywords);
}

/** Compiles a condition tree into one predicate; throws a `ConditionError` naming the part that cannot compile. */
export function compileCondition(node: Condition): EventPredicate {
  return compileAt(node, "");
}
