import type { RuleCreateInput } from "@vigie/contracts";
import { distinctRule, firstMatch, thresholdRule } from "./rule-pack.ts";

// Device events (firewalls, IDS, web servers, syslog hosts) often carry no hostname: such rules group by site.

/** What firewalls, IDSs, WAFs and servers say about attacks, their configuration and their accounts. */
export const VERDICT_RULES: readonly RuleCreateInput[] = [
  firstMatch(
    {
      name: "Critical Intrusion Verdict",
      description:
        "An IDS, IPS, UTM or firewall reported an attack it rates critical. What to do: check the target for compromise and whether the device blocked the attack.",
      severity: "critical",
      mitre_tactic: "TA0001",
      mitre_technique: "T1190",
    },
    { event_type: "ids_alert", severity: "critical" },
    "source_ip",
  ),
  // Devices rate many single probes "high": one source repeating them is what deserves an analyst.
  thresholdRule(
    {
      name: "Repeated High Intrusion Verdicts",
      description:
        "An IDS, IPS, UTM or firewall reported three attacks it rates high from one source within ten minutes. What to do: look at the signatures and the targets; block the source if they are not false positives.",
      severity: "high",
      mitre_tactic: "TA0001",
      mitre_technique: "T1190",
    },
    { event_type: "ids_alert", severity: "high" },
    3,
    600,
    "source_ip",
  ),
  firstMatch(
    {
      name: "Web Exploitation Attempt",
      description:
        "A request tried to exploit a web application (SQL injection, traversal, file inclusion, web shell, Log4Shell). What to do: check that the application rejected it and patch what it targeted.",
      severity: "high",
      mitre_tactic: "TA0001",
      mitre_technique: "T1190",
    },
    { event_type: "web_attack", severity: "high" },
    "source_ip",
  ),
  firstMatch(
    {
      name: "Web Exploitation Answered",
      description:
        "A web server answered 2xx to an exploitation attempt: it may have worked. What to do: check the application's logs and data for what the request obtained; isolate the server if in doubt.",
      severity: "critical",
      mitre_tactic: "TA0001",
      mitre_technique: "T1190",
    },
    { event_type: "web_attack", severity: "critical" },
    "source_ip",
  ),
  thresholdRule(
    {
      name: "Web Attack Campaign",
      description:
        "Ten attack requests from one source within ten minutes. What to do: block the source at the firewall or WAF and check what it reached.",
      severity: "medium",
      mitre_tactic: "TA0043",
      mitre_technique: "T1595.002",
    },
    { event_type: "web_attack" },
    10,
    600,
    "source_ip",
  ),
  firstMatch(
    {
      name: "Device Configuration Changed",
      description:
        "A firewall or network device's configuration was changed or erased. What to do: confirm with the change's author; an unexpected change may open the network.",
      severity: "medium",
      mitre_tactic: "TA0005",
      mitre_technique: "T1562.004",
    },
    { event_type: "config_change" },
    "site_id",
  ),
  firstMatch(
    {
      name: "Account Locked Out",
      description:
        "An account was locked after repeated failures. What to do: call the user; if they did not fail to log in, someone is guessing the password.",
      severity: "medium",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110",
    },
    { event_type: "account_locked" },
    "site_id",
  ),
  thresholdRule(
    {
      name: "Account Created or Enabled",
      description:
        'A new account was created, or a disabled one enabled again (Windows 4720, 4722, 4738 "Account Enabled"). What to do: confirm it was requested; attackers add accounts, or wake dormant ones, to come back.',
      severity: "medium",
      mitre_tactic: "TA0003",
      mitre_technique: "T1136",
    },
    {
      any: [
        { field: "event_type", value: ["user_created", "user_enabled"] },
        // %%2048 is the message table's "Account Enabled" in 4738's UserAccountControl list.
        {
          all: [
            { field: "EventID", value: 4738 },
            { field: "UserAccountControl", op: "contains", value: "%%2048" },
          ],
        },
      ],
    },
    1,
    60,
    "site_id",
  ),
];

/** Attacks on the network the firewall itself sees, and its health. */
export const NETWORK_RULES: readonly RuleCreateInput[] = [
  firstMatch(
    {
      name: "Firewall Admin Login Failed",
      description:
        "A login to a Cisco firewall's administration (SSH, console, enable) failed. What to do: check who tried; administration should not be reachable from outside.",
      severity: "high",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110",
    },
    { event_type: "login_failure", "metadata.decoder": "cisco-asa" },
    "site_id",
  ),
  firstMatch(
    {
      name: "Address Spoofing on the LAN",
      description:
        "Two machines claim the same address (ARP or IP collision). What to do: find the MAC addresses in the message; an unknown one may be intercepting traffic.",
      severity: "high",
      mitre_tactic: "TA0009",
      mitre_technique: "T1557.002",
    },
    { event_type: "address_collision" },
    "source_ip",
  ),
  firstMatch(
    {
      name: "Critical Device Event",
      description:
        "A firewall or appliance reported a system event it rates critical (hardware, HA, disk, licence). What to do: check the device; a failing security device stops protecting.",
      severity: "high",
      mitre_tactic: "TA0040",
      mitre_technique: "T1499",
    },
    { event_type: "system_event", severity: "critical" },
    "site_id",
  ),
  firstMatch(
    {
      name: "Shunned Source Still Trying",
      description:
        "A source the firewall shunned keeps sending. What to do: nothing reaches the network, but check why it was shunned and what it targeted before.",
      severity: "medium",
      mitre_tactic: "TA0043",
      mitre_technique: "T1595",
    },
    { event_type: "shunned_packet" },
    "source_ip",
  ),
  firstMatch(
    {
      name: "Connection Limit Exceeded",
      description:
        "A source exceeded a connection limit (possible denial of service). What to do: check the target's availability and block the source if it is not a known client.",
      severity: "medium",
      mitre_tactic: "TA0040",
      mitre_technique: "T1498",
    },
    { event_type: "connection_limit_exceeded" },
    "source_ip",
  ),
  firstMatch(
    {
      name: "Firewall Failover",
      description:
        "The firewall pair lost contact or switched over. What to do: check both units and the failover link; traffic may be going through one unit only.",
      severity: "high",
      mitre_tactic: "TA0040",
      mitre_technique: "T1499",
    },
    { event_type: "failover_event" },
    "site_id",
  ),
  firstMatch(
    {
      name: "Firewall Out of Resources",
      description:
        "The firewall refuses new connections or runs out of memory or addresses. What to do: check its load; an overloaded firewall may be under attack.",
      severity: "high",
      mitre_tactic: "TA0040",
      mitre_technique: "T1499",
    },
    { event_type: "service_degraded" },
    "site_id",
  ),
  thresholdRule(
    {
      name: "Repeated Firewall Drops",
      description:
        "A firewall dropped fifteen packets from one source within a minute. What to do: see what the source was reaching for; block it upstream if it keeps on.",
      severity: "low",
      mitre_tactic: "TA0043",
      mitre_technique: "T1595.001",
    },
    { event_type: "firewall_deny" },
    15,
    60,
    "source_ip",
  ),
];

/** Password guessing counted by attempt (syslog: metadata.attempt_id), grouped by the remote host, IP or name. */
export const ATTEMPT_RULES: readonly RuleCreateInput[] = [
  distinctRule(
    {
      name: "Password Guessing",
      description:
        "Five failed authentication attempts from one remote host within ten minutes, each attempt counted once whatever the number of lines it produced. What to do: block the remote host and check the targeted accounts for a later success.",
      severity: "high",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110.001",
    },
    { event_type: "login_failure" },
    "metadata.attempt_id",
    5,
    600,
    "metadata.remote_host",
  ),
  distinctRule(
    {
      name: "Slow Password Guessing",
      description:
        "Ten failed authentication attempts from one remote host within a day, on any site. What to do: block the remote host everywhere; a slow pace is meant to stay under per-minute thresholds.",
      severity: "medium",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110.001",
    },
    { event_type: "login_failure" },
    "metadata.attempt_id",
    10,
    86_400,
    "metadata.remote_host",
  ),
  firstMatch(
    {
      name: "Failed Switch of Account (su)",
      description:
        "su refused a switch to another account, usually root. What to do: ask the user; a wrong root password from an unexpected account is an escalation attempt.",
      severity: "medium",
      mitre_tactic: "TA0004",
      mitre_technique: "T1548",
    },
    { event_type: "login_failure", "normalized.service": "su" },
    "hostname",
  ),
  firstMatch(
    {
      name: "Tries Exhausted",
      description:
        "A connection or a sudo run used up every password try it was allowed. What to do: check the account's owner and the remote host; several in a row are password guessing.",
      severity: "medium",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110.001",
    },
    { event_type: "max_retries_exceeded" },
    "hostname",
  ),
];

/** The device, network and password-guessing content of the default pack. */
export const DEVICE_RULES: readonly RuleCreateInput[] = [
  ...VERDICT_RULES,
  ...NETWORK_RULES,
  ...ATTEMPT_RULES,
];
