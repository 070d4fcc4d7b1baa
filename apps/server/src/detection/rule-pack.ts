import type { Condition, EventFilter, RuleCreateInput, Severity } from "@vigie/contracts";

/** What every pack rule says to the analyst: name, description (with what to do), severity, ATT&CK tags. */
export interface PackEntry {
  name: string;
  description: string;
  severity: Severity;
  mitre_tactic: string;
  mitre_technique: string;
}

/** Every pack rule is enabled, cools down for five minutes per group and logs its alerts. */
export const packDefaults = { enabled: true, cooldown_seconds: 300, actions: [{ type: "log" as const }] };

/** A pack rule counting `threshold` events matching `event_filter` per `group_by` within `window_seconds`. */
export function thresholdRule(
  entry: PackEntry,
  event_filter: EventFilter | Condition,
  threshold: number,
  window_seconds: number,
  group_by: string,
): RuleCreateInput {
  return {
    ...entry,
    ...packDefaults,
    rule_type: "threshold",
    conditions: { event_filter, threshold, window_seconds, group_by },
  };
}

/** A pack rule firing on the first event matching `event_filter`, per `group_by`. */
export const firstMatch = (entry: PackEntry, event_filter: EventFilter, group_by: string) =>
  thresholdRule(entry, event_filter, 1, 60, group_by);

/** A pack rule firing on the first event of a type, per host or source. */
export const firstEvent = (entry: PackEntry, event_type: string, group_by: string) =>
  firstMatch(entry, { event_type }, group_by);

/**
 * A pack rule counting distinct `field` values (e.g. authentication attempts rather than the lines that report
 * them) per `group_by` within `window_seconds`.
 */
export function distinctRule(
  entry: PackEntry,
  event_filter: EventFilter,
  field: string,
  threshold: number,
  window_seconds: number,
  group_by: string,
): RuleCreateInput {
  return {
    ...entry,
    ...packDefaults,
    rule_type: "aggregation",
    conditions: {
      event_filter,
      aggregation: "count_distinct",
      aggregation_field: field,
      threshold,
      window_seconds,
      group_by,
    },
  };
}
