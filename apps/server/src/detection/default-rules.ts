import type { RuleCreateInput } from "@vigie/contracts";
import { ENDPOINT_RULES } from "./default-rules-windows.ts";
import { DEVICE_RULES } from "./device-rules.ts";
import { firstEvent, packDefaults, thresholdRule, vpnLogonFromNewCountry } from "./rule-pack.ts";

/** The rules a new installation starts with, each tagged with its MITRE ATT&CK tactic and technique. */
export const DEFAULT_RULES: readonly RuleCreateInput[] = [
  thresholdRule(
    {
      name: "Multiple Failed Logins",
      description:
        'Five failed logins from one source IP within five minutes, from sources that report one event per attempt (syslog lines, which report an attempt several times, are counted by attempt in "Password Guessing"). What to do: check whether the source is internal or known, and block it at the firewall if not.',
      severity: "high",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110",
    },
    { event_type: "login_failure", "metadata.attempt_id": null },
    5,
    300,
    "source_ip",
  ),
  firstEvent(
    {
      name: "Malware Detected",
      description:
        "An endpoint reported malware. What to do: check whether the antivirus blocked or only detected it; if only detected, isolate the host and scan it.",
      severity: "critical",
      mitre_tactic: "TA0002",
      mitre_technique: "T1204",
    },
    "malware_detected",
    "hostname",
  ),
  firstEvent(
    {
      name: "Privilege Escalation",
      description:
        "A process or account gained elevated privileges on a host. What to do: confirm with the host's owner that the change was planned; if not, isolate the host and reset the account.",
      severity: "critical",
      mitre_tactic: "TA0004",
      mitre_technique: "T1068",
    },
    "privilege_escalation",
    "hostname",
  ),
  firstEvent(
    {
      name: "Port Scan Detected",
      description:
        "A source IP was seen scanning ports. What to do: find the source host; an internal scanner that is not the IT team's is a compromised machine until shown otherwise.",
      severity: "medium",
      mitre_tactic: "TA0007",
      mitre_technique: "T1046",
    },
    "port_scan",
    "source_ip",
  ),
  // Off by default: a plug-in is everyday clinic life (27 alerts a minute on the generator's stream when this was
  // on); sites whose policy forbids removable media turn it on.
  {
    ...firstEvent(
      {
        name: "USB Device Connected",
        description:
          "A removable USB device was plugged into a host. Off by default; turn it on where removable media are forbidden. What to do: ask the user what the device holds and scan the host.",
        severity: "low",
        mitre_tactic: "TA0001",
        mitre_technique: "T1091",
      },
      "usb_device_connected",
      "hostname",
    ),
    enabled: false,
  },
  thresholdRule(
    {
      name: "SSH Brute Force",
      description:
        "Ten failed SSH logins from one source IP within two minutes. What to do: block the source at the firewall and check that no login from it succeeded.",
      severity: "high",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110.001",
    },
    {
      source_type: "auth",
      event_type: "login_failure",
      "normalized.service": "sshd",
      "metadata.attempt_id": null,
    },
    10,
    120,
    "source_ip",
  ),
  {
    name: "Brute Force Then Success",
    description:
      "Five failed logins followed by a successful one from the same source IP within ten minutes. What to do: treat the account as compromised: reset its password, end its sessions and review what it did after the logon.",
    severity: "critical",
    mitre_tactic: "TA0006",
    mitre_technique: "T1110",
    ...packDefaults,
    rule_type: "sequence",
    conditions: {
      steps: [
        { event_filter: { event_type: "login_failure" }, count: 5 },
        { event_filter: { event_type: "login_success" }, count: 1 },
      ],
      window_seconds: 600,
      group_by: "source_ip",
    },
  },
  {
    name: "Host Sweep",
    description:
      "One source IP reached ten different destination IPs through the firewall within five minutes. What to do: identify the source host and what it runs; a workstation sweeping the network is a sign of worm or attacker discovery.",
    severity: "medium",
    mitre_tactic: "TA0007",
    mitre_technique: "T1046",
    ...packDefaults,
    rule_type: "aggregation",
    conditions: {
      event_filter: { source_type: "firewall" },
      aggregation: "count_distinct",
      aggregation_field: "dest_ip",
      threshold: 10,
      window_seconds: 300,
      group_by: "source_ip",
    },
  },
  {
    name: "DNS Tunneling Suspected",
    description:
      "One source IP resolved fifteen different names within five minutes. What to do: look at the names: many random subdomains of one domain mean tunnelling; block the domain and examine the host.",
    severity: "high",
    mitre_tactic: "TA0010",
    mitre_technique: "T1048",
    ...packDefaults,
    rule_type: "aggregation",
    conditions: {
      event_filter: { source_type: "dns" },
      aggregation: "count_distinct",
      aggregation_field: "normalized.query",
      threshold: 15,
      window_seconds: 300,
      group_by: "source_ip",
    },
  },
  thresholdRule(
    {
      name: "C2 Beaconing",
      description:
        "Three command-and-control contacts from one source IP within fifteen minutes. What to do: isolate the host and block the destination; look for the process that makes the contacts.",
      severity: "high",
      mitre_tactic: "TA0011",
      mitre_technique: "T1071.001",
    },
    { event_type: "c2_communication" },
    3,
    900,
    "source_ip",
  ),
  firstEvent(
    {
      name: "Persistence Mechanism Installed",
      description:
        "A persistence mechanism (e.g. a cron job) was installed on a host. What to do: check who installed it and what it runs; remove it if nobody planned it.",
      severity: "high",
      mitre_tactic: "TA0003",
      mitre_technique: "T1053.003",
    },
    "persistence",
    "hostname",
  ),
  firstEvent(
    {
      name: "Lateral Movement",
      description:
        "A source IP moved laterally to another host. What to do: check the account used and both hosts; isolate them if the movement was not an administrator's.",
      severity: "high",
      mitre_tactic: "TA0008",
      mitre_technique: "T1021.004",
    },
    "lateral_movement",
    "source_ip",
  ),
  firstEvent(
    {
      name: "Data Exfiltration",
      description:
        "Data was sent out of the network by a source IP. What to do: find what was sent and to whom; block the destination and isolate the host if patient data may be involved.",
      severity: "critical",
      mitre_tactic: "TA0010",
      mitre_technique: "T1041",
    },
    "data_exfiltration",
    "source_ip",
  ),
  // Threat intelligence (docs/THREAT-INTEL.md); migration 0026 adds the same rule to existing installations.
  thresholdRule(
    {
      name: "Threat Indicator Match",
      description:
        "An event carries an address, domain, URL or file hash listed in an imported indicator list (docs/THREAT-INTEL.md). What to do: check the event and the list's source, isolate the host if the contact is confirmed, and block the indicator.",
      severity: "high",
      mitre_tactic: "TA0011",
      mitre_technique: "T1071",
    },
    // A condition, not an equality filter: "the field exists".
    { all: [{ field: "threat_indicator", op: "exists", value: true }] },
    1,
    60,
    "threat_indicator",
  ),
  // A first-seen rule (docs/RULES.md "First seen", ADR 0029); migration 0029 adds it to existing installations.
  vpnLogonFromNewCountry(),
  ...DEVICE_RULES,
  // Windows, Linux endpoint and Zeek telemetry (docs/WINDOWS.md).
  ...ENDPOINT_RULES,
];
