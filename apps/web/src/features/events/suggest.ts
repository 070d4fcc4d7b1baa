import { valueText } from "./queryEdit.ts";

/** The word under the caret: where it starts and ends in the query, and its text up to the caret. */
export interface Token {
  start: number;
  end: number;
  text: string;
}

/** What the word being typed asks for: a field name, or a value of a field (after `field:`). */
export type Wanted = { kind: "field"; prefix: string } | { kind: "value"; field: string; prefix: string };

/** One entry of the autocomplete list; `insert` replaces the word under the caret. */
export interface Suggestion {
  id: string;
  label: string;
  /** A field's one-line description. */
  detail?: string;
  /** How many sampled events hold a value. */
  count?: number;
  insert: string;
}

const OPERATORS = new Set(["and", "or", "not"]);
const FIELD_NAME = /^[\w@.-]+$/;

/** The word at the caret: after the last space or `(` (and a leading `-`), up to the next space or `)`. */
export function tokenAt(q: string, caret: number): Token {
  let start = caret;
  while (start > 0 && !/[\s(]/.test(q[start - 1]!)) start--;
  if (q[start] === "-") start++;
  let end = caret;
  while (end < q.length && !/[\s)]/.test(q[end]!)) end++;
  return { start, end, text: q.slice(start, caret) };
}

/** What to suggest for the word at the caret, or null (nothing typed, an operator, a range, a phrase). */
export function wantedAt(q: string, caret: number): Wanted | null {
  const { text } = tokenAt(q, caret);
  if (!text || text.startsWith('"')) return null;
  const colon = text.indexOf(":");
  if (colon < 0)
    return OPERATORS.has(text.toLowerCase()) || !FIELD_NAME.test(text)
      ? null
      : { kind: "field", prefix: text };
  const field = text.slice(0, colon);
  const value = text.slice(colon + 1);
  if (!FIELD_NAME.test(field) || /^[<>=]/.test(value)) return null;
  return { kind: "value", field, prefix: value.replace(/^"/, "") };
}

/** Best matches first: names starting with the typed text, then names containing it. */
function ranked<T>(items: T[], text: (item: T) => string, prefix: string, max: number): T[] {
  const typed = prefix.toLowerCase();
  const starts = items.filter((i) => text(i).toLowerCase().startsWith(typed));
  const contains = items.filter((i) => !starts.includes(i) && text(i).toLowerCase().includes(typed));
  return [...starts, ...contains].slice(0, max);
}

/** Field names matching what is typed, each completed with `:`. */
export function fieldSuggestions(
  fields: { name: string; description: string }[],
  prefix: string,
  max = 8,
): Suggestion[] {
  return ranked(fields, (f) => f.name, prefix, max).map((f) => ({
    id: `field-${f.name}`,
    label: f.name,
    detail: f.description,
    insert: `${f.name}:`,
  }));
}

/** Values of `field` matching what is typed, each completed as `field:value ` (quoted when needed). */
export function valueSuggestions(
  field: string,
  values: { value: string; count?: number }[],
  prefix: string,
  max = 8,
): Suggestion[] {
  return ranked(values, (v) => v.value, prefix, max).map((v) => ({
    id: `value-${v.value}`,
    label: v.value,
    count: v.count,
    insert: `${field}:${valueText(v.value)} `,
  }));
}

/** The query with the word at the caret replaced by a suggestion, and where the caret goes after it. */
export function applySuggestion(q: string, caret: number, insert: string): { q: string; caret: number } {
  const { start, end } = tokenAt(q, caret);
  const after = q.slice(end);
  const text = insert.endsWith(" ") && after.startsWith(" ") ? insert.trimEnd() : insert;
  return { q: q.slice(0, start) + text + after, caret: start + text.length + (text === insert ? 0 : 1) };
}
