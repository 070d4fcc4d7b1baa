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

/**
 * A successful VPN logon: a tunnel up with its user (FortiGate SSL/IPsec, Cisco ASA), a FortiGate VPN
 * login, a PAN-OS GlobalProtect authentication (docs/SYSLOG.md).
 */
export const VPN_LOGON: Condition = {
  any: [
    { field: "event_type", value: "vpn_tunnel_up" },
    {
      all: [
        { field: "event_type", value: "login_success" },
        {
          any: [
            { field: "normalized.service", value: "vpn" },
            { field: "normalized.service", op: "startswith", value: "globalprotect" },
          ],
        },
      ],
    },
  ],
};

/** The default first-seen rule: a user's VPN logon from a country not seen for them in 30 days. */
export function vpnLogonFromNewCountry(): RuleCreateInput {
  return {
    name: "VPN Logon From a New Country",
    description:
      'A user logged on through the VPN from a country not seen for them in the last 30 days (the country of the source address, docs/OPERATIONS.md "Enrichment"); the rule learns for 30 days first, from the stored logons. What to do: ask the user whether they are travelling, and if not, reset their password, end their VPN sessions and check what the session reached.',
    severity: "medium",
    mitre_tactic: "TA0001",
    mitre_technique: "T1078",
    mitre_tactics: ["TA0001", "TA0003"],
    mitre_techniques: ["T1078", "T1133"],
    ...packDefaults,
    rule_type: "first_seen",
    conditions: {
      event_filter: VPN_LOGON,
      fields: ["normalized.source_country"],
      group_by: "username",
      across_sites: true,
      history_days: 30,
    },
  };
}
