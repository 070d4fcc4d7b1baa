import type { RuleType, SigmaOriginRecord } from "@vigie/contracts";
import type { ConvertedSigmaRule } from "./convert.ts";
import type { CorrelationTarget } from "./correlation-rule.ts";
import type { SigmaCorrelationRule } from "./rule.ts";

/** A rule imported earlier, as a correlation of a later import may refer to it. */
export interface StoredSigmaRule {
  id: string;
  name: string;
  enabled: boolean;
  rule_type: RuleType;
  conditions: unknown;
  sigma: SigmaOriginRecord;
}

/** A rule of this import, with the Vigie id it has or will have (`existing`: a rule imported before). */
export type ImportedRule = { id: string; file: string; existing: boolean } & (
  | { kind: "detection"; converted: ConvertedSigmaRule }
  | { kind: "correlation"; read: SigmaCorrelationRule }
);

/** Where a correlation's reference leads: a rule of this import, or a stored one. */
export type Found = { imported: ImportedRule } | { stored: StoredSigmaRule };

/**
 * Finds the rules correlations refer to by Sigma id or name: first among the rules of the import, then
 * among the rules imported earlier.
 */
export class ReferenceIndex {
  readonly #imported = new Map<string, ImportedRule>();
  readonly #stored = new Map<string, StoredSigmaRule>();

  constructor(imported: readonly ImportedRule[]) {
    for (const rule of imported) {
      const origin = rule.kind === "detection" ? rule.converted.origin : rule.read.origin;
      if (origin.id) this.#imported.set(origin.id, rule);
      if (origin.name) this.#imported.set(origin.name, rule);
    }
  }

  /** The references no rule of the import answers (to look for among stored rules). */
  unanswered(references: Iterable<string>): string[] {
    return [...new Set(references)].filter((reference) => !this.#imported.has(reference));
  }

  /** Adds rules imported earlier; a rule of the import with the same id or name wins. */
  addStored(rules: readonly StoredSigmaRule[]): void {
    for (const rule of rules)
      for (const key of [rule.sigma.id, rule.sigma.name])
        if (key && !this.#stored.has(key)) this.#stored.set(key, rule);
  }

  find(reference: string): Found | null {
    const imported = this.#imported.get(reference);
    if (imported) return { imported };
    const stored = this.#stored.get(reference);
    return stored ? { stored } : null;
  }
}

/** A stored rule as the target of a correlation. */
export function storedTarget(reference: string, rule: StoredSigmaRule): CorrelationTarget {
  return {
    reference,
    ruleId: rule.id,
    sigmaName: rule.sigma.name ?? null,
    correlation: rule.sigma.correlation ? { rule_type: rule.rule_type, conditions: rule.conditions } : null,
    sources: rule.sigma.sources,
  };
}

/** A detection rule of this import as the target of a correlation. */
export function detectionTarget(
  reference: string,
  id: string,
  converted: ConvertedSigmaRule,
): CorrelationTarget {
  return {
    reference,
    ruleId: id,
    sigmaName: converted.origin.name,
    correlation: null,
    sources: converted.sources,
  };
}

/** A correlation of this import, converted, as the target of another. */
export function correlationTarget(
  reference: string,
  id: string,
  converted: ConvertedSigmaRule,
): CorrelationTarget {
  return {
    reference,
    ruleId: id,
    sigmaName: converted.origin.name,
    correlation: { rule_type: converted.rule.rule_type, conditions: converted.rule.conditions },
    sources: converted.sources,
  };
}
