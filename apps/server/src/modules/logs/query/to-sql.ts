import { SEVERITIES } from "@vigie/contracts";
import { type FieldKind, resolveField, type SearchField } from "./fields.ts";
import { type Comparison, type QueryNode, QuerySyntaxError } from "./parse.ts";
import { parseTimeValue } from "./time-value.ts";

/** Adds a bind parameter and returns its placeholder. */
export type Bind = (value: unknown) => string;
/**
 * Builds the SQL test of a tree of free-text terms (words, phrases, `word*` prefixes under and / or /
 * not). `conjunctive`: the tree is ANDed with the whole query, so the planner may join its matches from
 * the full-text index; elsewhere (under OR or NOT) it is tested on each row, which stays linear.
 */
export type TextMatch = (tree: QueryNode, conjunctive: boolean) => string;

const IPV4_CIDR = /^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}$/;
const IPV6_CIDR = /^[0-9a-f:.]+\/\d{1,3}$/i;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const RANGE_OPS = new Set<Comparison>([">", ">=", "<", "<="]);

const hasWildcard = (value: string, quoted: boolean) => !quoted && /[*?]/.test(value);

/** `*`/`?` wildcards as an ILIKE pattern, with LIKE's own characters escaped. */
function likePattern(value: string): string {
  return value
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, "%")
    .replace(/\?/g, "_");
}

/** Whether a tree holds only free-text terms: one full-text query tests it at once. */
export function isTextTree(node: QueryNode): boolean {
  if (node.kind === "text") return true;
  if (node.kind === "field") return false;
  if (node.kind === "not") return isTextTree(node.child);
  return node.children.every(isTextTree);
}

/** Compiles a parsed query into a SQL condition over `events`; every value is a bind parameter. */
export function queryToSql(node: QueryNode, bind: Bind, textMatch: TextMatch, conjunctive = true): string {
  if (node.kind === "field") return fieldToSql(node, bind);
  if (node.kind === "text" || isTextTree(node)) return textMatch(node, conjunctive);
  if (node.kind === "not") return `(NOT coalesce(${queryToSql(node.child, bind, textMatch, false)}, false))`;
  const inner = node.kind === "and" && conjunctive;
  return `(${node.children.map((c) => queryToSql(c, bind, textMatch, inner)).join(` ${node.kind.toUpperCase()} `)})`;
}

type TextNode = Extract<QueryNode, { kind: "text" }>;
type FieldNode = Extract<QueryNode, { kind: "field" }>;

/** How a free-text term is matched: words, a quoted phrase, or a word prefix (`admin*`). */
export function freeText(node: TextNode): { text: string; how: "words" | "phrase" | "prefix" } {
  if (node.quoted) return { text: node.value, how: "phrase" };
  if (/^[^*?]+\*$/.test(node.value)) return { text: node.value.slice(0, -1), how: "prefix" };
  if (/[*?]/.test(node.value))
    throw new QuerySyntaxError("Free-text wildcards only at the end of a word", node.at);
  return { text: node.value, how: "words" };
}

function fieldToSql(node: FieldNode, bind: Bind): string {
  const field = resolveField(node.field);
  if (!field) throw new QuerySyntaxError(`Unknown field '${node.field}'`, node.at);
  const value = field.canonical ? field.canonical(node.value) : node.value;
  if (!node.quoted && value === "*") {
    if (RANGE_OPS.has(node.op)) throw new QuerySyntaxError("A range needs a value", node.at);
    return `(${field.sql} IS NOT NULL)`;
  }
  if (RANGE_OPS.has(node.op)) return rangeToSql(field, node, value, bind);
  if (hasWildcard(value, node.quoted)) {
    if (field.kind === "number" || field.kind === "time" || field.kind === "uuid" || field.kind === "alert")
      throw new QuerySyntaxError(`'${node.field}' takes no wildcard`, node.at);
    return `(${field.sql}::text ILIKE ${bind(likePattern(value))})`;
  }
  return EQUALS[field.kind](field, value, node, bind);
}

type EqualsSql = (field: SearchField, value: string, node: FieldNode, bind: Bind) => string;

/** Equality by kind of field: a registry, so adding a kind is one entry. */
const EQUALS: Record<FieldKind, EqualsSql> = {
  keyword: (f, v, node, bind) => {
    if (f.values && !f.values.includes(v)) throw unknownValue(node, f.values);
    return `(${f.sql} = ${bind(v)})`;
  },
  severity: (f, v, node, bind) => {
    if (!f.values?.includes(v)) throw unknownValue(node, SEVERITIES);
    return `(${f.sql} = ${bind(v)})`;
  },
  text: (f, v, _node, bind) => `(lower(${f.sql}) = lower(${bind(v)}))`,
  ip: (f, v, node, bind) => {
    if (!v.includes("/")) return `(${f.sql} = ${bind(v)})`;
    if (!IPV4_CIDR.test(v) && !IPV6_CIDR.test(v))
      throw new QuerySyntaxError(`'${node.value}' is not a CIDR block`, node.at);
    return `(vigie_inet(${f.sql}) <<= ${bind(v)}::cidr)`;
  },
  number: (f, v, node, bind) => {
    if (!NUMBER.test(v)) throw new QuerySyntaxError(`'${node.field}' needs a number`, node.at);
    return `(${f.sql} = ${bind(Number(v))})`;
  },
  time: (f, v, node, bind) => {
    const at = parseTimeValue(v, node.at);
    return `(${f.sql} = ${bind(at)})`;
  },
  uuid: (f, v, node, bind) => `(${f.sql} = ${bind(uuidOf(v, node))}::uuid)`,
  alert: (f, v, node, bind) =>
    `(${f.sql} = ANY(SELECT unnest(matched_event_ids) FROM alerts WHERE alerts.id = ${bind(uuidOf(v, node))}::uuid))`,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOf(value: string, node: FieldNode): string {
  if (!UUID.test(value)) throw new QuerySyntaxError(`'${node.field}' needs an id (a UUID)`, node.at);
  return value.toLowerCase();
}

function unknownValue(node: FieldNode, values: readonly string[]): QuerySyntaxError {
  return new QuerySyntaxError(
    `'${node.value}' is not a ${node.field} (one of ${values.join(", ")})`,
    node.at,
  );
}

function rangeToSql(field: SearchField, node: FieldNode, value: string, bind: Bind): string {
  if (field.kind === "severity") {
    const rank = SEVERITIES.indexOf(value as (typeof SEVERITIES)[number]);
    if (rank < 0) throw unknownValue(node, SEVERITIES);
    // SEVERITIES runs from critical (0) to info: `>= high` is every severity ranked at or before high.
    const keep = SEVERITIES.filter((_, i) => compare(-i, node.op, -rank));
    return keep.length ? `(${field.sql} = ANY(${bind(keep)}::text[]))` : "false";
  }
  if (field.kind === "time") return `(${field.sql} ${node.op} ${bind(parseTimeValue(value, node.at))})`;
  if (!NUMBER.test(value)) throw new QuerySyntaxError(`'${node.op}' needs a number`, node.at);
  if (field.kind === "number") return `(${field.sql} ${node.op} ${bind(Number(value))})`;
  if (field.kind === "text")
    return `(CASE WHEN ${field.sql} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (${field.sql})::numeric END ${node.op} ${bind(Number(value))})`;
  throw new QuerySyntaxError(`'${node.field}' cannot be compared with '${node.op}'`, node.at);
}

function compare(a: number, op: Comparison, b: number): boolean {
  if (op === ">") return a > b;
  if (op === ">=") return a >= b;
  if (op === "<") return a < b;
  return a <= b;
}
