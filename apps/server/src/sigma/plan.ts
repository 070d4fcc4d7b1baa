import { expandRulePlaceholders, type PlaceholderValues } from "../detection/conditions/placeholders.ts";
import {
  MAX_REFERENCE_DEPTH,
  type ReferencedRule,
  referencedRuleIds,
  resolveRuleReferences,
} from "../detection/conditions/references.ts";
import { compileRule } from "../detection/evaluators/index.ts";
import type { SigmaConversion, SkippedSigmaRule } from "./batch.ts";
import type { ConvertedSigmaRule } from "./convert.ts";
import { UNSUPPORTED } from "./correlation.ts";
import { type CorrelationTarget, correlationRule } from "./correlation-rule.ts";
import {
  correlationTarget,
  detectionTarget,
  type ImportedRule,
  ReferenceIndex,
  type StoredSigmaRule,
  storedTarget,
} from "./targets.ts";
import { SigmaRuleError } from "./types.ts";

/** What planning an import reads from storage, and how it names new rules. */
export interface PlanSources {
  /** Rules imported earlier whose Sigma id or Sigma name is one of `references`. */
  storedByReference(references: string[]): Promise<StoredSigmaRule[]>;
  /** The ids of the rules imported earlier from these Sigma ids, by Sigma id. */
  existingBySigmaId(sigmaIds: string[]): Promise<Map<string, string>>;
  /** Stored rules by id, any state (what the references of referenced rules lead to). */
  rulesById(ids: string[]): Promise<ReferencedRule[]>;
  newId(): string;
  placeholders?: PlaceholderValues;
}

/** A rule the import will write, with its id (existing: an update). */
export interface PlannedSigmaRule extends ConvertedSigmaRule {
  file: string;
  id: string;
  existing: boolean;
  /** Set when the rule raises no alerts of its own because it feeds a correlation (Sigma `generate: false`). */
  feeds?: string;
}

/** Everything an import will do, decided before anything is written. */
export interface SigmaPlan {
  rules: PlannedSigmaRule[];
  /** Rules imported earlier that a correlation with `generate: false` now feeds: they are disabled. */
  silenced: (StoredSigmaRule & { file: string; feeds: string })[];
  /** Valid correlations Vigie does not run, with the reason. */
  skipped: SkippedSigmaRule[];
  /** Correlations that are bad input (a missing rule, a loop...): the import is refused. */
  invalid: SkippedSigmaRule[];
}

const originOf = (rule: ImportedRule) =>
  rule.kind === "detection" ? rule.converted.origin : rule.read.origin;

/** Every rule of the conversion once (the last one with a given Sigma id wins), with its Vigie id. */
async function importedRules(conversion: SigmaConversion, sources: PlanSources): Promise<ImportedRule[]> {
  const unnamed = { id: "", existing: false };
  const all: ImportedRule[] = [
    ...conversion.rules.map((converted) => ({
      ...unnamed,
      kind: "detection" as const,
      file: converted.file,
      converted,
    })),
    ...conversion.correlations.map((read) => ({
      ...unnamed,
      kind: "correlation" as const,
      file: read.file,
      read,
    })),
  ];
  const last = new Map<string, ImportedRule>();
  for (const rule of all) last.set(originOf(rule).id ?? `${rule.file}#${originOf(rule).title}`, rule);
  const sigmaIds = [...last.values()].map((rule) => originOf(rule).id).filter((id) => id !== null);
  const existing = await sources.existingBySigmaId(sigmaIds);
  return [...last.values()].map((rule) => {
    const stored = existing.get(originOf(rule).id ?? "");
    return { ...rule, id: stored ?? sources.newId(), existing: stored !== undefined };
  });
}

type Outcome =
  | { converted: ConvertedSigmaRule }
  | { skipped: SkippedSigmaRule }
  | { invalid: SkippedSigmaRule };

/** Converts the correlations of an import, each after the correlations it refers to. */
class CorrelationPlanner {
  readonly outcomes = new Map<string, Outcome>();
  readonly #visiting = new Set<string>();

  constructor(private readonly index: ReferenceIndex) {}

  convert(rule: Extract<ImportedRule, { kind: "correlation" }>): Outcome {
    const known = this.outcomes.get(rule.id);
    if (known) return known;
    const issue = (path: string, message: string, reason: string): SkippedSigmaRule => ({
      file: rule.file,
      rule: rule.read.origin.title,
      path,
      message,
      reason,
    });
    if (this.#visiting.has(rule.id))
      return {
        invalid: issue(
          "correlation.rules",
          "correlations refer to each other in a loop",
          "invalid correlation",
        ),
      };
    this.#visiting.add(rule.id);
    let outcome: Outcome;
    try {
      outcome = { converted: correlationRule(rule.read, this.#targets(rule)) };
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      const skippable = error.reason.startsWith(UNSUPPORTED) || error.reason.startsWith("status ");
      const found = issue(error.path, error.message, error.reason);
      outcome = skippable ? { skipped: found } : { invalid: found };
    }
    this.#visiting.delete(rule.id);
    this.outcomes.set(rule.id, outcome);
    return outcome;
  }

  #targets(rule: Extract<ImportedRule, { kind: "correlation" }>) {
    return rule.read.spec.rules.map((reference, index): CorrelationTarget => {
      const path = `correlation.rules.${index}`;
      const found = this.index.find(reference);
      if (!found)
        throw new SigmaRuleError(
          path,
          `no rule with the Sigma id or name "${reference}" in this import or among imported rules`,
          "invalid correlation",
        );
      if ("stored" in found) return storedTarget(reference, found.stored);
      const target = found.imported;
      if (target.kind === "detection") return detectionTarget(reference, target.id, target.converted);
      const inner = this.convert(target);
      if ("converted" in inner) return correlationTarget(reference, target.id, inner.converted);
      const why = "skipped" in inner ? inner.skipped : inner.invalid;
      const reason =
        "skipped" in inner ? `${UNSUPPORTED}: refers to a skipped correlation` : "invalid correlation";
      throw new SigmaRuleError(path, `"${reference}" cannot be imported: ${why.message}`, reason);
    });
  }
}

/**
 * Plans a Sigma import: gives every rule its id, converts each correlation over the rules it names (in this
 * import, else imported earlier), keeps the rules a correlation with `generate: false` feeds from raising
 * alerts of their own, and compiles each correlation as the engine will.
 */
export async function planSigmaImport(conversion: SigmaConversion, sources: PlanSources): Promise<SigmaPlan> {
  const imported = await importedRules(conversion, sources);
  const index = new ReferenceIndex(imported);
  const correlations = imported.filter((rule) => rule.kind === "correlation");
  const references = correlations.flatMap((rule) => rule.read.spec.rules);
  const stored = await sources.storedByReference(index.unanswered(references));
  index.addStored(stored);
  const planner = new CorrelationPlanner(index);
  for (const rule of correlations) planner.convert(rule);

  const plan: SigmaPlan = { rules: [], silenced: [], skipped: [], invalid: [] };
  for (const rule of imported) {
    const outcome: Outcome =
      rule.kind === "detection" ? { converted: rule.converted } : planner.outcomes.get(rule.id)!;
    if ("skipped" in outcome) plan.skipped.push(outcome.skipped);
    else if ("invalid" in outcome) plan.invalid.push(outcome.invalid);
    else plan.rules.push({ ...outcome.converted, file: rule.file, id: rule.id, existing: rule.existing });
  }
  silenceFedRules(plan, correlations, index);
  await checkCorrelationsCompile(plan, sources);
  return plan;
}

/**
 * Sigma `generate: false` (the default): the rules a correlation names raise no alerts of their own; they
 * stay, disabled, and the correlation reads their filters. A rule named by a correlation with
 * `generate: true` keeps raising its own.
 */
function silenceFedRules(
  plan: SigmaPlan,
  correlations: Extract<ImportedRule, { kind: "correlation" }>[],
  index: ReferenceIndex,
) {
  const converted = new Set(plan.rules.map((rule) => rule.id));
  const fed = new Map<string, { by: string[]; file: string; generate: boolean; stored?: StoredSigmaRule }>();
  for (const correlation of correlations) {
    if (!converted.has(correlation.id)) continue;
    for (const reference of correlation.read.spec.rules) {
      const found = index.find(reference);
      if (!found) continue;
      const stored = "stored" in found ? found.stored : undefined;
      const id = stored?.id ?? ("imported" in found ? found.imported.id : "");
      const entry = fed.get(id) ?? { by: [], file: correlation.file, generate: false, stored };
      entry.by.push(`"${correlation.read.origin.title}"`);
      entry.generate ||= correlation.read.spec.generate;
      fed.set(id, entry);
    }
  }
  for (const rule of plan.rules) {
    const entry = fed.get(rule.id);
    if (!entry || entry.generate) continue;
    rule.feeds = entry.by.join(", ");
    rule.rule = { ...rule.rule, enabled: false };
  }
  for (const { stored, generate, file, by } of fed.values())
    if (stored?.enabled && !generate) plan.silenced.push({ ...stored, file, feeds: by.join(", ") });
}

/** Compiles each correlation with the filters it references resolved, as the engine will. */
async function checkCorrelationsCompile(plan: SigmaPlan, sources: PlanSources) {
  const known = new Map<string, ReferencedRule>(
    plan.rules.map((rule) => [rule.id, { ...rule.rule, id: rule.id }]),
  );
  let wanted = plan.rules.flatMap((rule) => referencedRuleIds(rule.rule.conditions));
  for (let depth = 0; depth <= MAX_REFERENCE_DEPTH && wanted.length; depth++) {
    const missing = [...new Set(wanted)].filter((id) => !known.has(id));
    if (!missing.length) break;
    const found = await sources.rulesById(missing);
    for (const rule of found) known.set(rule.id, rule);
    wanted = found.flatMap((rule) => referencedRuleIds(rule.conditions));
  }
  const correlations = plan.rules.filter((rule) => rule.origin.correlation);
  for (const rule of correlations) {
    try {
      const resolved = resolveRuleReferences({ ...rule.rule, id: rule.id }, (id) => known.get(id));
      compileRule(expandRulePlaceholders(resolved, sources.placeholders ?? new Map()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      plan.invalid.push({
        file: rule.file,
        rule: rule.origin.title,
        path: "correlation",
        message,
        reason: "does not compile",
      });
    }
  }
}
