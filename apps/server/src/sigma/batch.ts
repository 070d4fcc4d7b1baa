import type { PlaceholderValues } from "../detection/conditions/placeholders.ts";
import { type ConvertedSigmaRule, convertSigmaRule } from "./convert.ts";
import type { LogsourcePipeline } from "./pipelines/index.ts";
import { readSigmaFile, type SigmaCorrelationRule } from "./rule.ts";
import { type SigmaIssue, SigmaRuleError } from "./types.ts";

/** A Sigma file as submitted: its name (as the answer names it) and its text. */
export interface SigmaFile {
  name: string;
  text: string;
}

/** A rule that could not become a Vigie rule: where, what, and the short reason it is counted under. */
export type SkippedSigmaRule = SigmaIssue & { reason: string };

/** What a set of Sigma files converts to, before anything is stored. */
export interface SigmaConversion {
  rules: (ConvertedSigmaRule & { file: string })[];
  correlations: SigmaCorrelationRule[];
  skipped: SkippedSigmaRule[];
}

/** Reads and converts every rule of the files; each rule that fails is skipped with its reason. */
export function convertSigmaFiles(
  files: SigmaFile[],
  pipelines: LogsourcePipeline[],
  placeholders: PlaceholderValues = new Map(),
): SigmaConversion {
  const result: SigmaConversion = { rules: [], correlations: [], skipped: [] };
  for (const file of files) {
    const read = readSigmaFile(file.text, file.name);
    result.skipped.push(...read.issues);
    for (const rule of read.rules) {
      if (rule.kind === "correlation") {
        result.correlations.push(rule);
        continue;
      }
      try {
        result.rules.push({ ...convertSigmaRule(rule, pipelines, placeholders), file: file.name });
      } catch (error) {
        if (!(error instanceof SigmaRuleError)) throw error;
        const { path, message, reason } = error;
        result.skipped.push({ file: file.name, rule: rule.origin.title, path, message, reason });
      }
    }
  }
  return result;
}
