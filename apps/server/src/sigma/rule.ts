import { readCorrelation, type SigmaCorrelationSpec } from "./correlation.ts";
import { parseDetection } from "./detection.ts";
import { readSigmaDocuments, type SigmaDocument } from "./documents.ts";
import { originOf, SigmaHeaderSchema, type SigmaOrigin } from "./metadata.ts";
import { type SigmaExpr, type SigmaIssue, SigmaRuleError } from "./types.ts";

/** A Sigma detection rule read from YAML: its origin (metadata and YAML) and its detection tree. */
export interface SigmaDetectionRule {
  kind: "detection";
  file: string;
  origin: SigmaOrigin;
  detection: SigmaExpr;
}

/** A Sigma correlation rule as read: it becomes a Vigie rule once the rules it refers to are known. */
export interface SigmaCorrelationRule {
  kind: "correlation";
  file: string;
  origin: SigmaOrigin;
  spec: SigmaCorrelationSpec;
}

/** A rule read from a Sigma file. */
export type SigmaRule = SigmaDetectionRule | SigmaCorrelationRule;

/** What reading Sigma files gave: the rules, and an issue for each rule (or file) that could not be read. */
export interface SigmaReadResult {
  rules: SigmaRule[];
  issues: (SigmaIssue & { reason: string })[];
}

/** How a rule is named in an answer: its title, else its place in the file. */
const ruleName = (doc: SigmaDocument) =>
  typeof doc.body.title === "string" && doc.body.title.trim() ? doc.body.title.trim() : `rule #${doc.index}`;

/** Reads one document into a rule; a `SigmaRuleError` names the offending part. */
function readRule(doc: SigmaDocument): SigmaRule {
  const header = SigmaHeaderSchema.safeParse(doc.body);
  if (!header.success) {
    const issue = header.error.issues[0];
    const path = issue?.path.join(".") || "title";
    throw new SigmaRuleError(
      path,
      issue?.message ?? "invalid",
      `invalid ${String(issue?.path[0] ?? "header")}`,
    );
  }
  const origin = originOf(header.data, doc.yaml);
  const correlation = doc.body.correlation;
  if (correlation !== undefined) {
    if (typeof correlation !== "object" || correlation === null || Array.isArray(correlation))
      throw new SigmaRuleError("correlation", "must be a map");
    const spec = readCorrelation(correlation as Record<string, unknown>, doc.body.generate);
    return { kind: "correlation", file: doc.file, origin: { ...origin, correlation: spec.type }, spec };
  }
  if (doc.body.detection === undefined)
    throw new SigmaRuleError("detection", "a rule needs a detection or a correlation", "no detection");
  return { kind: "detection", file: doc.file, origin, detection: parseDetection(doc.body.detection) };
}

/** Reads every rule of one Sigma YAML file (single, multi-document, or an `action: global` collection). */
export function readSigmaFile(text: string, file: string): SigmaReadResult {
  const documents = readSigmaDocuments(text, file);
  if (!Array.isArray(documents))
    return {
      rules: [],
      issues: [{ file, rule: "-", path: "", message: documents.message, reason: "invalid YAML" }],
    };
  const result: SigmaReadResult = { rules: [], issues: [] };
  for (const doc of documents) {
    try {
      result.rules.push(readRule(doc));
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      result.issues.push({
        file,
        rule: ruleName(doc),
        path: error.path,
        message: error.message,
        reason: error.reason,
      });
    }
  }
  return result;
}
