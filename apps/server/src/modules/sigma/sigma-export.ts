import { type Condition, isConditionNode, type Rule, type ValueTest } from "@vigie/contracts";
import { stringify } from "yaml";
import { ConditionError } from "../../detection/conditions/compile.ts";
import { resolveRuleReferences } from "../../detection/conditions/references.ts";
import { errors } from "../../http/errors.ts";

type Selections = Record<string, unknown>;

const SEVERITY_LEVEL: Record<string, string> = {
  info: "informational",
  low: "low",
  medium: "medium",
  high: "high",
  critical: "critical",
};
const MATCH_OPS = new Set([
  "contains",
  "startswith",
  "endswith",
  "re",
  "cidr",
  "lt",
  "lte",
  "gt",
  "gte",
  "exists",
  "neq",
]);

/** A literal as a Sigma string: wildcards (and a backslash before one) escaped. */
const escapeWildcards = (value: unknown) =>
  typeof value === "string" ? value.replace(/\\(?=[*?\\])/g, "\\\\").replace(/[*?]/g, "\\$&") : value;

/** The `Field|mod|mod` key and the values of one test. */
function keyAndValues(field: string, test: ValueTest): [string, unknown] {
  const op = test.op ?? "eq";
  const modifiers = [
    ...(test.fieldref ? ["fieldref"] : []),
    ...(test.transforms ?? []),
    ...(MATCH_OPS.has(op) ? [op] : []),
    ...(op === "re" && test.flags ? [...test.flags] : []),
    ...(test.all ? ["all"] : []),
    ...(test.cased ? ["cased"] : []),
    ...(test.expand ? ["expand"] : []),
  ];
  const literal = op === "wildcard" || op === "re" || op === "cidr" || test.fieldref || test.expand;
  const values = Array.isArray(test.value) ? test.value : [test.value];
  const written = literal ? values : values.map(escapeWildcards);
  return [[field, ...modifiers].join("|"), written.length === 1 ? written[0] : written];
}

/** Writes one condition node as a Sigma condition expression, adding the selections it needs. */
function expression(node: Condition, selections: Selections): string {
  const add = (selection: unknown) => {
    const name = `selection_${Object.keys(selections).length + 1}`;
    selections[name] = selection;
    return name;
  };
  const group = (items: Condition[], joiner: string) =>
    items.length === 1
      ? expression(items[0] as Condition, selections)
      : `(${items.map((i) => expression(i, selections)).join(joiner)})`;
  if ("all" in node && Array.isArray(node.all)) return group(node.all, " and ");
  if ("any" in node) return group(node.any, " or ");
  if ("not" in node) return `not ${expression(node.not, selections)}`;
  if ("of" in node) {
    if (node.at_least <= 1) return group(node.of, " or ");
    if (node.at_least >= node.of.length) return group(node.of, " and ");
    throw errors.validation("This rule cannot be written in Sigma", [
      {
        field: "conditions",
        message: `"${node.at_least} of" several conditions has no Sigma form`,
        type: "sigma_export",
      },
    ]);
  }
  if ("keywords" in node) {
    const [key, values] = keyAndValues("", { op: "contains", ...node.keywords });
    return add(key === "|contains" ? [values].flat() : { [key]: values });
  }
  const { field, ...test } = node as ValueTest & { field: string };
  const [key, values] = keyAndValues(field, test);
  return add({ [key]: values });
}

/** The detection of a filter: a condition tree, or the legacy field → value equality object. */
function detectionOf(filter: unknown): Selections {
  const selections: Selections = {};
  if (!isConditionNode(filter)) {
    const entries = Object.entries(filter as Record<string, unknown>);
    if (!entries.length) return { selection: { "site_id|exists": true }, condition: "selection" };
    return {
      selection: Object.fromEntries(entries.map(([f, v]) => [`${f}|cased`, escapeWildcards(v)])),
      condition: "selection",
    };
  }
  const condition = expression(filter as Condition, selections);
  return { ...selections, condition };
}

/** The filters of a rule: its event filter, or each step of a sequence. */
function filtersOf(rule: Rule): unknown[] {
  const conditions = rule.conditions as { event_filter?: unknown; steps?: { event_filter: unknown }[] };
  return conditions.steps ? conditions.steps.map((step) => step.event_filter) : [conditions.event_filter];
}

/** YAML documents as one multi-document text. */
const joinDocuments = (texts: string[]) =>
  texts.map((text) => (text.endsWith("\n") ? text : `${text}\n`)).join("---\n");

/** A native rule with the rules it references written into its filters (Sigma has no such reference). */
function withReferencesResolved(rule: Rule, referenced: readonly Rule[]): Rule {
  try {
    return resolveRuleReferences(rule, (id) => referenced.find((other) => other.id === id));
  } catch (error) {
    if (!(error instanceof ConditionError)) throw error;
    throw errors.validation("This rule cannot be written in Sigma", [
      { field: `conditions.${error.path}`, message: error.reason, type: "sigma_export" },
    ]);
  }
}

/**
 * A rule as Sigma YAML: an imported rule's YAML as imported, a correlation followed by the imported rules
 * it refers to (`referenced`), so the text imports again on its own; any other rule's filter as a
 * detection (a sequence as one document per step). Thresholds and windows are Vigie's and stay out of
 * the YAML.
 */
export function exportSigma(rule: Rule, referenced: readonly Rule[] = []): string {
  if (rule.rule_type === "first_seen")
    throw errors.validation("This rule cannot be written in Sigma", [
      {
        field: "rule_type",
        message:
          "a first-seen rule (a value new to its group) has no Sigma form: its filter alone would match every event",
        type: "sigma_export",
      },
    ]);
  if (rule.sigma)
    return joinDocuments([
      rule.sigma.yaml,
      ...referenced.flatMap((other) => (other.sigma ? [other.sigma.yaml] : [])),
    ]);
  const documents = filtersOf(withReferencesResolved(rule, referenced)).map((filter, index, all) => ({
    title: all.length > 1 ? `${rule.name} (step ${index + 1})` : rule.name,
    id: rule.id,
    status: "experimental",
    description: rule.description ?? `Vigie rule "${rule.name}" (${rule.rule_type})`,
    author: "Vigie",
    tags: [...(rule.mitre_tactics ?? []), ...(rule.mitre_techniques ?? [])].map(
      (t) => `attack.${t.toLowerCase()}`,
    ),
    logsource: { product: "vigie" },
    detection: detectionOf(filter),
    level: SEVERITY_LEVEL[rule.severity] ?? "medium",
  }));
  return documents.map((doc) => stringify(doc)).join("---\n");
}
