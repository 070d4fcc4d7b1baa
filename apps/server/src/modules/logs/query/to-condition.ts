import {
  type Condition,
  type ConditionOp,
  SEVERITIES,
  type SearchFilters,
  type SearchToRule,
  type SearchToRuleNote,
  type SearchToRuleReason,
} from "@vigie/contracts";
import { type FieldKind, resolveField, SEARCH_FIELDS } from "./fields.ts";
import type { Comparison, QueryNode } from "./parse.ts";
import { freeText } from "./to-sql.ts";

/**
 * A search (docs/SEARCH.md) in the rules' condition language (docs/RULES.md), for "Create rule from this
 * search". Each query node maps onto the condition operators; a part with no rule equivalent (a time, the
 * triage status) is left out and reported: leaving out only widens the rule. Free text is approximated by
 * keyword tests (docs/SEARCH.md, "A rule from a search"). The query must have been compiled by the search first (`eventQueryOf`): its errors
 * are the search's own.
 */

type FieldNode = Extract<QueryNode, { kind: "field" }>;
/** A converted part, or null when it was left out (it constrains nothing). */
type Part = Condition | null;
type Notes = SearchToRuleNote[];

/** Search fields a rule does not read: detection sees an event before triage, and without these. */
const NOT_IN_RULES: Readonly<Record<string, SearchToRuleReason>> = {
  status: "triage",
  assigned_to: "triage",
  scenario_run_id: "not_detected",
  mitre_tactic: "not_detected",
  mitre_technique: "not_detected",
};
const KIND_REASONS: Partial<Record<FieldKind, SearchToRuleReason>> = { time: "time", alert: "alert" };
const RANGE_OPS: Readonly<Partial<Record<Comparison, ConditionOp>>> = {
  ">": "gt",
  ">=": "gte",
  "<": "lt",
  "<=": "lte",
};

/** Equality by kind of field, with the search's semantics: keywords exact, the rest case-insensitive. */
const EQUALS: Record<FieldKind, (field: string, value: string) => Condition> = {
  keyword: (field, value) => ({ field, value, cased: true }),
  severity: (field, value) => ({ field, value, cased: true }),
  text: (field, value) => ({ field, value }),
  ip: (field, value) => (value.includes("/") ? { field, op: "cidr", value } : { field, value }),
  number: (field, value) => ({ field, value: Number(value) }),
  uuid: (field, value) => ({ field, value: value.toLowerCase() }),
  // Left out before equality is reached (KIND_REASONS).
  time: (field, value) => ({ field, value }),
  alert: (field, value) => ({ field, value }),
};

/** The query as written, for the notes: `username:"a b"`, `NOT (x OR y)`. */
export function queryText(node: QueryNode): string {
  if (node.kind === "text") return node.quoted ? JSON.stringify(node.value) : node.value;
  if (node.kind === "field")
    return `${node.field}${node.op}${node.quoted ? JSON.stringify(node.value) : node.value}`;
  if (node.kind === "not") return `NOT ${grouped(node.child)}`;
  return node.children.map(grouped).join(` ${node.kind.toUpperCase()} `);
}

const grouped = (node: QueryNode) =>
  node.kind === "and" || node.kind === "or" ? `(${queryText(node)})` : queryText(node);

function fieldTest(node: FieldNode, notes: Notes): Part {
  const field = resolveField(node.field);
  if (!field) return null; // the search refuses it first
  const name = SEARCH_FIELDS[node.field.toLowerCase()] ? node.field.toLowerCase() : node.field;
  const reason = KIND_REASONS[field.kind] ?? NOT_IN_RULES[name];
  if (reason) {
    notes.push({ part: queryText(node), effect: "dropped", reason, position: node.at });
    return null;
  }
  const value = field.canonical ? field.canonical(node.value) : node.value;
  if (!node.quoted && value === "*") return { field: name, op: "exists", value: true };
  const rangeOp = RANGE_OPS[node.op];
  if (rangeOp) {
    if (field.kind !== "severity") return { field: name, op: rangeOp, value: Number(value) };
    const rank = SEVERITIES.indexOf(value as (typeof SEVERITIES)[number]);
    // SEVERITIES runs from critical to info: `>= high` keeps the ranks at or before high's.
    const keep = SEVERITIES.filter((_, i) => compare(rank, node.op, i));
    return keep.length ? { field: name, value: keep, cased: true } : { any: [] };
  }
  // A backslash in a rule's pattern escapes; the search's value holds none as an escape any more.
  if (!node.quoted && /[*?]/.test(value))
    return { field: name, op: "wildcard", value: value.replace(/\\/g, "\\\\") };
  return EQUALS[field.kind](name, value);
}

/** Whether rank `a` (critical = 0) compares with rank `b` as `op` says, higher severities first. */
function compare(a: number, op: Comparison, b: number): boolean {
  if (op === ">") return b < a;
  if (op === ">=") return b <= a;
  if (op === "<") return b > a;
  return b >= a;
}

/** Free text: a keyword test over the message, the original line and the submitted document. */
function textTest(node: Extract<QueryNode, { kind: "text" }>, notes: Notes): Part {
  const { text, how } = freeText(node);
  if (how !== "phrase")
    notes.push({
      part: queryText(node),
      effect: "widened",
      reason: "word_inside_longer_word",
      position: node.at,
    });
  return { keywords: { value: text } };
}

/** One node and its children; a left-out part constrains nothing, so the rule only ever widens. */
export function nodeToCondition(node: QueryNode, notes: Notes): Part {
  if (node.kind === "field") return fieldTest(node, notes);
  if (node.kind === "text") return textTest(node, notes);
  if (node.kind === "not") {
    const child = nodeToCondition(node.child, notes);
    return child ? { not: child } : null;
  }
  const children = node.children.map((c) => nodeToCondition(c, notes));
  if (node.kind === "or") return children.includes(null) ? null : { any: children as Condition[] };
  const kept = children.filter((c): c is Condition => c !== null);
  return kept.length > 1 ? { all: kept } : (kept[0] ?? null);
}

/** The form's filters: exact equality as the list applies them; time and triage are left out. */
const FILTER_REASONS: Readonly<Partial<Record<keyof SearchFilters, SearchToRuleReason | "ignored">>> = {
  status: "triage",
  scenario_run_id: "not_detected",
  range: "time",
  from: "time",
  to: "time",
  sort: "ignored",
  order: "ignored",
};

function filterTests(filters: SearchFilters, notes: Notes): Condition[] {
  const tests: Condition[] = [];
  for (const [key, value] of Object.entries(filters) as [keyof SearchFilters, string | undefined][]) {
    if (value === undefined) continue;
    const reason = FILTER_REASONS[key];
    if (reason === "ignored") continue;
    if (reason) notes.push({ part: `${key}=${value}`, effect: "dropped", reason });
    else tests.push({ field: key, value, cased: true });
  }
  return tests;
}

/** A search (its parsed query, if any, and the form's filters) as a rule's `event_filter`. */
export function searchToCondition(query: QueryNode | undefined, filters: SearchFilters): SearchToRule {
  const notes: Notes = [];
  const parts = filterTests(filters, notes);
  const fromQuery = query ? nodeToCondition(query, notes) : null;
  // One flat list: the filters and the query's own AND terms side by side.
  if (fromQuery)
    parts.push(...("all" in fromQuery && Array.isArray(fromQuery.all) ? fromQuery.all : [fromQuery]));
  return { event_filter: parts.length === 1 ? (parts[0] as Condition) : { all: parts }, notes };
}
