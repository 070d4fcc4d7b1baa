import type { Rule } from "@vigie/contracts";
import type { Firing } from "../../detection/types.ts";

/** Event ids an alert keeps (the newest); `matched_event_count` stays exact. */
export const MAX_ALERT_EVENT_IDS = 500;

/** The firings of one rule and group within a batch, merged: what one alert row receives. */
export interface GroupedFiring {
  rule: Rule;
  group_value: string;
  group_fields: Readonly<Record<string, string>>;
  matched_event_ids: string[];
  matched_event_count: number;
  occurrences: number;
  first_seen: string;
  last_seen: string;
  site_id: string | null;
}

/**
 * Merges a batch's firings per (rule, group), in order, so one statement can store them all (a statement
 * may not update the same alert twice). Firings whose rule is unknown (deleted meanwhile) are dropped.
 */
export function groupFirings(
  firings: readonly Firing[],
  ruleOf: (ruleId: string) => Rule | undefined,
): GroupedFiring[] {
  const groups = new Map<string, GroupedFiring>();
  for (const firing of firings) {
    const rule = ruleOf(firing.rule_id);
    if (!rule) continue;
    const key = `${firing.rule_id}\u0000${firing.group_value}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        rule,
        group_value: firing.group_value,
        group_fields: firing.group_fields,
        matched_event_ids: firing.matched_event_ids.slice(-MAX_ALERT_EVENT_IDS),
        matched_event_count: firing.matched_event_count,
        occurrences: 1,
        first_seen: firing.event_time,
        last_seen: firing.event_time,
        site_id: firing.site_id,
      });
      continue;
    }
    group.matched_event_ids = [...group.matched_event_ids, ...firing.matched_event_ids].slice(
      -MAX_ALERT_EVENT_IDS,
    );
    group.matched_event_count += firing.matched_event_count;
    group.occurrences++;
    if (firing.event_time > group.last_seen) group.last_seen = firing.event_time;
    if (firing.event_time < group.first_seen) group.first_seen = firing.event_time;
  }
  return [...groups.values()];
}
