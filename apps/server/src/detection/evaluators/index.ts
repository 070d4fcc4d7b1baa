import { conditionSchemas, type RuleType } from "@vigie/contracts";
import type { DetectionRule, Detector, Evaluator } from "../types.ts";
import { aggregationEvaluator } from "./aggregation.ts";
import { firstSeenEvaluator } from "./first-seen.ts";
import { sequenceEvaluator } from "./sequence.ts";
import { thresholdEvaluator } from "./threshold.ts";

/** The evaluator of each rule type. */
export const evaluators: { [T in RuleType]: Evaluator<T> } = {
  threshold: thresholdEvaluator,
  sequence: sequenceEvaluator,
  aggregation: aggregationEvaluator,
  first_seen: firstSeenEvaluator,
};

/** A rule whose stored conditions do not fit its type (the caller disables it). */
export class InvalidRuleError extends Error {
  constructor(
    readonly rule_id: string,
    message: string,
  ) {
    super(message);
    this.name = "InvalidRuleError";
  }
}

/** Compiles a rule version into its detector, revalidating the conditions; throws `InvalidRuleError`. */
export function compileRule(rule: DetectionRule): Detector {
  const schema = conditionSchemas[rule.rule_type];
  const parsed = schema ? schema.safeParse(rule.conditions) : undefined;
  if (!parsed?.success) {
    const reasons = parsed?.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new InvalidRuleError(
      rule.id,
      `invalid ${rule.rule_type} conditions${reasons ? `: ${reasons.join("; ")}` : ""}`,
    );
  }
  // The registry is keyed by the same rule_type the conditions were just validated against.
  const evaluator = evaluators[rule.rule_type] as Evaluator;
  return evaluator.compile({ ...rule, conditions: parsed.data } as DetectionRule);
}
