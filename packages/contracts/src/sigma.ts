import { z } from "zod";

/** The ATT&CK lists of a rule or an alert: every tactic and technique, not only the first. */
export const AttackListsSchema = {
  mitre_tactics: z.array(z.string().trim().min(1).max(100)).max(20),
  mitre_techniques: z.array(z.string().trim().min(1).max(100)).max(50),
};

/**
 * Where an imported Sigma rule came from, kept on the rule: shown on the rule page, the author credited on
 * its alerts (Detection Rule License 1.1), the original YAML exported back as it was.
 */
export const SigmaOriginSchema = z.object({
  id: z.string().nullable(),
  title: z.string(),
  /** The Sigma `name` correlations refer to the rule by; null when it has none. */
  name: z.string().nullable().default(null),
  /** The Sigma correlation type (`event_count`, `temporal_ordered`...) of a correlation; null for a detection. */
  correlation: z.string().nullable().default(null),
  description: z.string().nullable(),
  status: z.string().nullable(),
  level: z.string(),
  author: z.string().nullable(),
  references: z.array(z.string()),
  falsepositives: z.array(z.string()),
  tags: z.array(z.string()),
  logsource: z.object({
    product: z.string().optional(),
    category: z.string().optional(),
    service: z.string().optional(),
  }),
  /** The sources whose events the rule reads (`Sysmon 1`, `Security 4688`); empty: no matching source. */
  sources: z.array(z.string()),
  date: z.string().nullable(),
  modified: z.string().nullable(),
  /** The rule as imported, unmodified. */
  yaml: z.string(),
});
export type SigmaOriginRecord = z.output<typeof SigmaOriginSchema>;

/** What happened to one rule of an import. */
export const SigmaImportOutcomeSchema = z.object({
  file: z.string(),
  rule: z.string(),
  sigma_id: z.string().nullable().optional(),
  status: z.enum(["created", "updated", "skipped"]),
  rule_id: z.string().nullable().optional(),
  /** The sources the rule reads; empty: imported but disabled, no matching source. */
  sources: z.array(z.string()).optional(),
  /** Why it was skipped, and the YAML path of the offending part. */
  reason: z.string().optional(),
  path: z.string().optional(),
  /** What else the import did to it: disabled because it feeds a correlation (Sigma `generate: false`). */
  note: z.string().optional(),
});

/** The answer of a Sigma import (or of its dry run: nothing stored, `rule_id` null for new rules). */
export const SigmaImportResultSchema = z.object({
  dry_run: z.boolean(),
  created: z.int(),
  updated: z.int(),
  skipped: z.int(),
  /** Imported rules no source feeds (kept disabled until a mapping covers their logsource). */
  no_matching_source: z.int(),
  rules: z.array(SigmaImportOutcomeSchema),
  /** A pack install: the pack's rules no longer selected, disabled (never deleted). */
  disabled: z.array(z.object({ rule_id: z.string(), rule: z.string(), sigma_id: z.string() })).optional(),
});
export type SigmaImportResult = z.output<typeof SigmaImportResultSchema>;
