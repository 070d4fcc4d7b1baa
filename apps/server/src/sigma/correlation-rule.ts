import {
  type Aggregation,
  type Bounds,
  boundsFromAbove,
  type Condition,
  groupByFields,
  lowestCount,
  RuleCreateSchema,
  type RuleType,
} from "@vigie/contracts";
import { type ConvertedSigmaRule, SIGMA_COOLDOWN_SECONDS } from "./convert.ts";
import { type CorrelationType, type SigmaCorrelationSpec, UNSUPPORTED } from "./correlation.ts";
import { attackOfTags, severityOfLevel } from "./metadata.ts";
import type { SigmaCorrelationRule } from "./rule.ts";
import { SigmaRuleError } from "./types.ts";

/** A rule a correlation refers to, once found in the same import or among the stored rules. */
export interface CorrelationTarget {
  /** How the correlation named it (its Sigma id or name). */
  reference: string;
  /** Its Vigie rule id (already stored, or given to it by the import). */
  ruleId: string;
  /** Its Sigma `name`, which aliases use. */
  sigmaName: string | null;
  /** For a correlation, its Vigie rule (an event count becomes a step's count); null for a detection. */
  correlation: { rule_type: RuleType; conditions: unknown } | null;
  /** The sources whose events it reads. */
  sources: string[];
}

type Built = { rule_type: RuleType; conditions: Record<string, unknown> };
type Builder = (spec: SigmaCorrelationSpec, targets: CorrelationTarget[]) => Built;

const unsupported = (path: string, message: string, why: string) =>
  new SigmaRuleError(path, message, `${UNSUPPORTED}: ${why}`);
const invalid = (path: string, message: string) => new SigmaRuleError(path, message, "invalid correlation");

const reference = (target: CorrelationTarget): Condition => ({ rule: target.ruleId });

/** The filter of the events counted together: detection rules only (not another correlation's alerts). */
function countedFilter(targets: CorrelationTarget[]): Condition {
  targets.forEach((target, index) => {
    if (target.correlation)
      throw unsupported(
        `correlation.rules.${index}`,
        `"${target.reference}" is a correlation: Vigie counts the events of detection rules, not alerts`,
        "counting a correlation",
      );
  });
  return targets.length === 1 ? reference(targets[0]!) : { any: targets.map(reference) };
}

/** The field a rule's events hold a group-by name in: its alias for that rule, else the name itself. */
function fieldFor(spec: SigmaCorrelationSpec, name: string, target: CorrelationTarget): string {
  const byRule = spec.aliases[name];
  if (!byRule) return name;
  const field = byRule[target.sigmaName ?? target.reference] ?? byRule[target.reference];
  if (!field) throw invalid(`correlation.aliases.${name}`, `names no field for rule "${target.reference}"`);
  return field;
}

/** Group-by of the rules counted together: aliases are plain renames when one rule is counted. */
function countedGroupBy(spec: SigmaCorrelationSpec, targets: CorrelationTarget[]): string[] {
  if (!Object.keys(spec.aliases).length) return spec.groupBy;
  if (targets.length > 1)
    throw unsupported(
      "correlation.aliases",
      "aliases apply to temporal correlations, or to one counted rule",
      "aliases over rules counted together",
    );
  return spec.groupBy.map((name) => fieldFor(spec, name, targets[0]!));
}

/** A count's test: a threshold when the bounds only hold it from below, else the bounds. */
function countTest(bounds: Bounds | null): { threshold: number } | { bounds: Bounds } {
  if (!bounds) throw invalid("correlation.condition", "is required");
  const lowest = lowestCount(bounds);
  return lowest !== null && !boundsFromAbove(bounds) ? { threshold: Math.max(1, lowest) } : { bounds };
}

const counted = (spec: SigmaCorrelationSpec, targets: CorrelationTarget[]) => ({
  event_filter: countedFilter(targets),
  group_by: countedGroupBy(spec, targets),
});

const aggregated =
  (aggregation: Aggregation): Builder =>
  (spec, targets) => {
    const test = aggregation === "count_distinct" ? countTest(spec.bounds) : { bounds: spec.bounds };
    if (!("threshold" in test) && !test.bounds) throw invalid("correlation.condition", "is required");
    const conditions = { ...counted(spec, targets), aggregation, aggregation_field: spec.field, ...test };
    return { rule_type: "aggregation", conditions };
  };

/** A correlation inside a temporal one as a step: an event count of one group becomes the step's count. */
function chainedStep(target: CorrelationTarget, index: number, fields: string[]) {
  const inner = target.correlation as { rule_type: RuleType; conditions: Record<string, unknown> };
  const { event_filter, threshold, bounds, group_by, across_sites } = inner.conditions as {
    event_filter?: unknown;
    threshold?: number;
    bounds?: Bounds;
    group_by?: string | string[];
    across_sites?: boolean;
  };
  const count = threshold ?? (bounds && !boundsFromAbove(bounds) ? lowestCount(bounds) : null);
  const groups = groupByFields(group_by ?? "");
  const sameGroups = groups.length === fields.length && groups.every((field) => fields.includes(field));
  if (inner.rule_type !== "threshold" || !count || !sameGroups || across_sites)
    throw unsupported(
      `correlation.rules.${index}`,
      `"${target.reference}" is a correlation Vigie cannot chain: only an event count (at least N) grouped by the same fields`,
      "chained correlation",
    );
  return { event_filter, count: Math.max(1, count) };
}

const inSequence =
  (ordered: boolean): Builder =>
  (spec, targets) => {
    if (targets.length < 2 || targets.length > 10)
      throw unsupported(
        "correlation.rules",
        "a temporal correlation takes 2 to 10 rules",
        "temporal rule count",
      );
    const steps = targets.map((target, index) => {
      const fields = spec.groupBy.map((name) => fieldFor(spec, name, target));
      const aliases = Object.fromEntries(
        spec.groupBy.flatMap((name, at) => (fields[at] === name ? [] : [[name, fields[at]!]])),
      );
      const step = target.correlation
        ? chainedStep(target, index, fields)
        : { event_filter: reference(target), count: 1 };
      return Object.keys(aliases).length ? { ...step, aliases } : step;
    });
    return {
      rule_type: "sequence",
      conditions: { steps, ...order(spec, ordered, steps.length), group_by: spec.groupBy },
    };
  };

/** `ordered: false` and how many rules must match, from a temporal condition (at least N rules). */
function order(spec: SigmaCorrelationSpec, ordered: boolean, steps: number) {
  const required = spec.bounds ? lowestCount(spec.bounds) : steps;
  if (spec.bounds && (required === null || boundsFromAbove(spec.bounds)))
    throw unsupported(
      "correlation.condition",
      "Vigie takes at least N rules here",
      "temporal condition from above",
    );
  if (required! > steps)
    throw invalid("correlation.condition", `asks for more than the ${steps} rules named`);
  if (ordered) {
    if (required! < steps)
      throw unsupported("correlation.condition", "an ordered correlation needs every rule", "ordered subset");
    return {};
  }
  return required! < steps ? { ordered: false, steps_required: Math.max(1, required!) } : { ordered: false };
}

/** How each Sigma correlation type becomes a Vigie rule type and its conditions. */
const BUILDERS: Record<CorrelationType, Builder> = {
  event_count: (spec, targets) => ({
    rule_type: "threshold",
    conditions: { ...counted(spec, targets), ...countTest(spec.bounds) },
  }),
  value_count: aggregated("count_distinct"),
  value_sum: aggregated("sum"),
  value_avg: aggregated("avg"),
  value_median: aggregated("median"),
  value_percentile: aggregated("share"),
  temporal: inSequence(false),
  temporal_ordered: inSequence(true),
};

/**
 * A Sigma correlation as a Vigie rule over the rules it refers to (`targets`, in its order): event_count →
 * threshold, value_count → aggregation count_distinct, value_sum/avg/median → sum/avg/median, value_percentile
 * → share, temporal(_ordered) → sequence (in any order / in order). docs/SIGMA.md has the mapping.
 */
export function correlationRule(
  read: SigmaCorrelationRule,
  targets: CorrelationTarget[],
): ConvertedSigmaRule {
  const { origin, spec } = read;
  if (origin.status === "deprecated" || origin.status === "unsupported")
    throw new SigmaRuleError("status", `the rule is ${origin.status}`, `status ${origin.status}`);
  const built = BUILDERS[spec.type](spec, targets);
  const sources = [...new Set(targets.flatMap((target) => target.sources))];
  const { tactics, techniques } = attackOfTags(origin.tags);
  const parsed = RuleCreateSchema.safeParse({
    name: origin.title.slice(0, 200),
    description: describe(read, targets),
    severity: severityOfLevel(origin.level),
    enabled: sources.length > 0,
    mitre_tactic: tactics[0] ?? null,
    mitre_technique: techniques[0] ?? null,
    mitre_tactics: tactics,
    mitre_techniques: techniques,
    cooldown_seconds: SIGMA_COOLDOWN_SECONDS,
    rule_type: built.rule_type,
    conditions: { ...built.conditions, window_seconds: spec.windowSeconds },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw unsupported("correlation", `${issue?.path.join(".")}: ${issue?.message}`, "not expressible");
  }
  return { rule: parsed.data, origin, tactics, techniques, sources };
}

function describe(read: SigmaCorrelationRule, targets: CorrelationTarget[]): string {
  const { spec, origin } = read;
  const rules = targets.map((target) => `"${target.reference}"`).join(", ");
  const what = `Sigma ${spec.type} correlation of ${rules} within ${spec.windowSeconds} s${
    spec.groupBy.length ? `, by ${spec.groupBy.join(", ")}` : ""
  }.`;
  const text = origin.description?.trim() ?? "";
  return `${text.slice(0, 2000 - what.length - 2)}\n\n${what}`.trim();
}
