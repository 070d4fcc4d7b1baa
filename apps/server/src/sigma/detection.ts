import { type ConditionAst, parseConditionExpression } from "./condition-expression.ts";
import { checkModifiers } from "./modifiers.ts";
import { type SigmaExpr, type SigmaFieldTest, SigmaRuleError, type SigmaScalar } from "./types.ts";

type Selections = Map<string, SigmaExpr>;

const isScalar = (value: unknown): value is SigmaScalar =>
  value === null || ["string", "number", "boolean"].includes(typeof value);
const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Values of one field: a scalar or a list of scalars (YAML dates and the like are refused). */
function valuesAt(value: unknown, path: string): SigmaScalar[] {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new SigmaRuleError(path, "an empty list of values", "empty value list");
  for (const item of values)
    if (!isScalar(item)) throw new SigmaRuleError(path, "values must be strings, numbers, booleans or null");
  return values as SigmaScalar[];
}

/** `Field|mod1|mod2: values` (an empty field name is a keyword search with modifiers). */
function fieldTest(key: string, value: unknown, path: string): SigmaFieldTest {
  const [name = "", ...modifiers] = key.split("|");
  const values = valuesAt(value, path);
  checkModifiers(modifiers, values, path);
  return { kind: "test", field: name.trim() || null, modifiers, values, path };
}

/** A map is an AND of its fields. */
function mapExpr(map: Record<string, unknown>, path: string): SigmaExpr {
  const items = Object.entries(map).map(([key, value]) => fieldTest(key, value, `${path}.${key}`));
  if (items.length === 0) throw new SigmaRuleError(path, "an empty selection", "empty selection");
  return items.length === 1 ? (items[0] as SigmaExpr) : { kind: "all", items };
}

/** One search identifier: a map (AND), a list of maps (OR) or a list of keywords (OR). */
export function selectionExpr(value: unknown, path: string): SigmaExpr {
  if (isMap(value)) return mapExpr(value, path);
  const list = Array.isArray(value) ? value : [value];
  if (list.length > 0 && list.every(isScalar)) return fieldTest("", list, path);
  const items = list.map((item, index) => {
    if (!isMap(item)) throw new SigmaRuleError(`${path}[${index}]`, "mixes keywords and field maps");
    return mapExpr(item, `${path}[${index}]`);
  });
  if (items.length === 0) throw new SigmaRuleError(path, "an empty selection", "empty selection");
  return items.length === 1 ? (items[0] as SigmaExpr) : { kind: "any", items };
}

const wildcard = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`);

/** The search identifiers an `x of pattern` names (`them`: all but those starting with `_`). */
function matching(selections: Selections, pattern: string): SigmaExpr[] {
  const names = [...selections.keys()];
  const picked =
    pattern === "them"
      ? names.filter((name) => !name.startsWith("_"))
      : names.filter((n) => wildcard(pattern).test(n));
  if (picked.length === 0)
    throw new SigmaRuleError(
      "detection.condition",
      `no search identifier matches "${pattern}"`,
      "condition names a missing selection",
    );
  return picked.map((name) => selections.get(name) as SigmaExpr);
}

/** Replaces the condition's identifiers by their selections. */
function resolve(ast: ConditionAst, selections: Selections): SigmaExpr {
  switch (ast.type) {
    case "ref": {
      const found = selections.get(ast.name);
      if (!found)
        throw new SigmaRuleError(
          "detection.condition",
          `no search identifier "${ast.name}"`,
          "condition names a missing selection",
        );
      return found;
    }
    case "of": {
      const items = matching(selections, ast.pattern);
      return items.length === 1
        ? (items[0] as SigmaExpr)
        : { kind: ast.quantifier === "all" ? "all" : "any", items };
    }
    case "not":
      return { kind: "not", item: resolve(ast.item, selections) };
    default:
      return {
        kind: ast.type === "and" ? "all" : "any",
        items: ast.items.map((item) => resolve(item, selections)),
      };
  }
}

/** Reads a rule's `detection` into one boolean tree (a list of conditions is their OR). */
export function parseDetection(detection: unknown): SigmaExpr {
  if (!isMap(detection))
    throw new SigmaRuleError("detection", "must be a map of search identifiers and a condition");
  const { condition, timeframe, ...rest } = detection;
  if (timeframe !== undefined)
    throw new SigmaRuleError(
      "detection.timeframe",
      "`timeframe` is Sigma 1 aggregation syntax; use a correlation rule",
      "aggregation in condition",
    );
  const selections: Selections = new Map();
  for (const [name, value] of Object.entries(rest))
    selections.set(name, selectionExpr(value, `detection.${name}`));
  const conditions = Array.isArray(condition) ? condition : [condition];
  if (conditions.length === 0 || !conditions.every((c) => typeof c === "string"))
    throw new SigmaRuleError(
      "detection.condition",
      "must be a string or a list of strings",
      "missing condition",
    );
  const trees = conditions.map((text) => resolve(parseConditionExpression(text as string), selections));
  return trees.length === 1 ? (trees[0] as SigmaExpr) : { kind: "any", items: trees };
}
