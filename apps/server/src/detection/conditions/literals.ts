import type { Condition, ConditionValue, FieldTest, ValueTest } from "@vigie/contracts";
import { EVENT_KIND_FIELDS, KEYWORDS_KEY } from "./fields.ts";
import { NUMERIC } from "./operators.ts";
import { transformValue } from "./transforms.ts";
import { tokenize } from "./wildcard.ts";

/**
 * Field → lowercased texts, at least one of which appears in that field's lowercased text of every event
 * the condition holds for (keyword tests under `KEYWORDS_KEY`). The rule index looks them up in one pass
 * per field (docs/adr/0013): an event whose `Image` holds none of a rule's texts never meets the rule.
 */
export type Literals = ReadonlyMap<string, ReadonlySet<string>>;

/** Lowercasing the Greek sigma depends on its place in a word: such texts are not used as literals. */
const CONTEXT_CASED = /[Σσς]/;

/** The literal a text test of one value needs, lowercased; null when the value gives none. */
function literalOfValue(op: string, value: string): string | null {
  let text: string;
  if (op === "wildcard") {
    const pieces = tokenize(value.toLowerCase()).filter(
      (token): token is { text: string } => typeof token === "object",
    );
    text = pieces.reduce((longest, piece) => (piece.text.length > longest.length ? piece.text : longest), "");
  } else text = value.toLowerCase();
  return text && !CONTEXT_CASED.test(text) ? text : null;
}

/** Every literal one of which the value test needs, or null when it needs none we can name. */
function literalsOfTest(test: ValueTest): Set<string> | null {
  const op = test.op ?? "eq";
  if (!["eq", "contains", "startswith", "endswith", "wildcard"].includes(op)) return null;
  if (test.expand || test.fieldref || test.date_part) return null;
  const values = (Array.isArray(test.value) ? test.value : [test.value]) as ConditionValue[];
  const perValue: string[][] = [];
  for (const value of values) {
    // Numbers compare by value (1 equals "1.0"), so a numeric equality names no text.
    if (typeof value !== "string" || (op === "eq" && NUMERIC.test(value.trim()))) return null;
    const variants = test.transforms?.length ? transformValue(value, test.transforms) : [value];
    const texts = variants.map((variant) => literalOfValue(op, variant));
    if (texts.some((text) => text === null)) return null;
    perValue.push(texts as string[]);
  }
  if (perValue.length === 0) return null;
  // With `all`, every value must match: the longest one alone is enough to require.
  if (test.all) {
    const longest = perValue.reduce((best, texts) =>
      Math.min(...texts.map((t) => t.length)) > Math.min(...best.map((t) => t.length)) ? texts : best,
    );
    return new Set(longest);
  }
  return new Set(perValue.flat());
}

const single = (field: string, texts: Set<string> | null): Literals | null =>
  texts ? new Map([[field, texts]]) : null;

/**
 * Whether `a` tells less than `b`: texts in fields naming the event's kind (shared by whole buckets)
 * tell less than any other, then more texts tell less, then a shorter shortest text.
 */
function weaker(a: Literals, b: Literals): boolean {
  const kindOnly = (literals: Literals) =>
    [...literals.keys()].every((field) => EVENT_KIND_FIELDS.includes(field));
  const count = (literals: Literals) => [...literals.values()].reduce((sum, texts) => sum + texts.size, 0);
  const shortest = (literals: Literals) =>
    Math.min(...[...literals.values()].flatMap((texts) => [...texts].map((text) => text.length)));
  if (kindOnly(a) !== kindOnly(b)) return kindOnly(a);
  return count(a) !== count(b) ? count(a) > count(b) : shortest(a) < shortest(b);
}

/** Either side may hold: the event needs a literal of one or the other. */
function union(parts: (Literals | null)[]): Literals | null {
  if (parts.length === 0 || parts.some((part) => part === null)) return null;
  const merged = new Map<string, Set<string>>();
  for (const part of parts as Literals[]) {
    for (const [field, texts] of part) merged.set(field, new Set([...(merged.get(field) ?? []), ...texts]));
  }
  return merged;
}

/** Both sides hold: the most selective side's literals are enough. */
function best(parts: (Literals | null)[]): Literals | null {
  let chosen: Literals | null = null;
  for (const part of parts) if (part && (chosen === null || weaker(chosen, part))) chosen = part;
  return chosen;
}

/**
 * The literals a condition needs (see `Literals`), or null when it may hold for an event that holds none
 * of them. Conservative: `not`, regular expressions, CIDR, numbers and placeholders name no literal.
 */
export function literalsOf(node: Condition): Literals | null {
  if ("field" in node) return single((node as FieldTest).field, literalsOfTest(node as FieldTest));
  if ("keywords" in node)
    return single(KEYWORDS_KEY, literalsOfTest({ ...node.keywords, op: node.keywords.op ?? "contains" }));
  if ("all" in node) return best(node.all.map(literalsOf));
  if ("any" in node) return union(node.any.map(literalsOf));
  if ("of" in node) {
    if (node.at_least < 1) return null;
    const parts = node.of.map(literalsOf);
    return node.at_least === node.of.length ? best(parts) : union(parts);
  }
  return null;
}
