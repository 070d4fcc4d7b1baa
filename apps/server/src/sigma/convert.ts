import { type Condition, type RuleCreate, RuleCreateSchema } from "@vigie/contracts";
import { ConditionError, compileCondition } from "../detection/conditions/compile.ts";
import { expandPlaceholders, type PlaceholderValues } from "../detection/conditions/placeholders.ts";
import { selectionExpr } from "./detection.ts";
import { attackOfTags, type SigmaOrigin, severityOfLevel } from "./metadata.ts";
import { type LogsourcePipeline, logsourceKey, mappingFor } from "./pipelines/index.ts";
import type { SigmaDetectionRule } from "./rule.ts";
import { toCondition } from "./to-condition.ts";
import { SigmaRuleError } from "./types.ts";

/** How long one alert of an imported rule absorbs further matches of the same site (seconds). */
export const SIGMA_COOLDOWN_SECONDS = 60;

/** A Sigma rule as a Vigie rule, with what the import keeps beside it. */
export interface ConvertedSigmaRule {
  rule: RuleCreate;
  origin: SigmaOrigin;
  tactics: string[];
  techniques: string[];
  /** The sources whose events the rule reads (`Sysmon 1`, `Security 4688`); empty: no matching source. */
  sources: string[];
}

/** The rule's detection restricted to the events of each source of its logsource, fields mapped per source. */
function sourcedCondition(read: SigmaDetectionRule, pipelines: LogsourcePipeline[]) {
  const mapping = mappingFor(read.origin.logsource, pipelines);
  if (!mapping) return { condition: toCondition(read.detection), sources: [] as string[] };
  const branches = mapping.variants.map((variant): Condition => {
    const fields = { ...mapping.fields, ...variant.fields };
    const events = toCondition(selectionExpr(variant.events, `logsource ${variant.source}`));
    return { all: [events, toCondition(read.detection, fields)] };
  });
  const condition = branches.length === 1 ? (branches[0] as Condition) : { any: branches };
  return { condition, sources: mapping.variants.map((variant) => variant.source) };
}

/**
 * Converts a Sigma detection rule into a Vigie rule: a threshold of one event over its detection, limited
 * to the events its logsource maps to. A rule with no matching source is kept but disabled, since it
 * would otherwise be tested against every event. Deprecated and unsupported rules are refused.
 */
export function convertSigmaRule(
  read: SigmaDetectionRule,
  pipelines: LogsourcePipeline[],
  placeholders: PlaceholderValues = new Map(),
): ConvertedSigmaRule {
  const { origin } = read;
  if (origin.status === "deprecated" || origin.status === "unsupported")
    throw new SigmaRuleError("status", `the rule is ${origin.status}`, `status ${origin.status}`);
  const { condition, sources } = sourcedCondition(read, pipelines);
  assertCompiles(condition, placeholders);
  const { tactics, techniques } = attackOfTags(origin.tags);
  const candidate = {
    name: origin.title.slice(0, 200),
    description: describe(origin, sources),
    severity: severityOfLevel(origin.level),
    enabled: sources.length > 0,
    mitre_tactic: tactics[0] ?? null,
    mitre_technique: techniques[0] ?? null,
    mitre_tactics: tactics,
    mitre_techniques: techniques,
    cooldown_seconds: SIGMA_COOLDOWN_SECONDS,
    rule_type: "threshold",
    conditions: { event_filter: condition, threshold: 1, window_seconds: 1, group_by: "" },
  };
  const parsed = RuleCreateSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SigmaRuleError("detection", `${issue?.path.join(".")}: ${issue?.message}`, "not expressible");
  }
  return { rule: parsed.data, origin, tactics, techniques, sources };
}

/** The rule's description, ending with where its events come from (or that none do). */
function describe(origin: SigmaOrigin, sources: string[]): string {
  const where = sources.length
    ? `Reads: ${sources.join(", ")}.`
    : `No matching source for logsource ${logsourceKey(origin.logsource)}: disabled until a mapping covers it.`;
  const text = origin.description?.trim() ?? "";
  return `${text.slice(0, 2000 - where.length - 2)}\n\n${where}`.trim();
}

/** Why a condition does not compile, in the few words bench and answers count it under. */
function compileReason(reason: string): string {
  if (/regular expression|regex|re2/i.test(reason)) return "regular expression RE2 refuses";
  if (/placeholder/i.test(reason)) return "placeholder without values";
  if (/network|cidr/i.test(reason)) return "invalid network";
  return "does not compile";
}

/** Compiles the condition as the engine will (placeholders expanded), so no rule is stored only to fail at load. */
function assertCompiles(condition: Condition, placeholders: PlaceholderValues): void {
  try {
    compileCondition(expandPlaceholders(condition, placeholders));
  } catch (error) {
    if (!(error instanceof ConditionError)) throw error;
    throw new SigmaRuleError("detection", error.reason, compileReason(error.reason));
  }
}
