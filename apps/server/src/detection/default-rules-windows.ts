import type { Condition, RuleCreateInput, Severity } from "@vigie/contracts";

/* The default rules on Windows, Linux endpoint and Zeek telemetry (docs/WINDOWS.md), in the native condition tree. */

interface Entry {
  name: string;
  description: string;
  severity: Severity;
  mitre_tactic: string;
  mitre_technique: string;
}

const defaults = { enabled: true, cooldown_seconds: 300, actions: [{ type: "log" as const }] };

function rule(
  entry: Entry,
  event_filter: Condition,
  group_by: string | string[],
  threshold = 1,
  window_seconds = 60,
): RuleCreateInput {
  return {
    ...entry,
    ...defaults,
    rule_type: "threshold",
    conditions: { event_filter, threshold, window_seconds, group_by },
  };
}

const is = (field: string, value: string | number | (string | number)[]): Condition => ({ field, value });
const endsWith = (field: string, value: string[]): Condition => ({ field, op: "endswith", value });
/** Process creation as Sysmon (1) and the Security log (4688) name its image and parent. */
const image = (value: string[]): Condition => ({
  any: [endsWith("Image", value), endsWith("NewProcessName", value)],
});
const parent = (value: string[]): Condition => ({
  any: [endsWith("ParentImage", value), endsWith("ParentProcessName", value)],
});
const processCreated = is("event_type", "process_created");

const SHELLS = [
  "\\cmd.exe",
  "\\powershell.exe",
  "\\pwsh.exe",
  "\\wscript.exe",
  "\\cscript.exe",
  "\\mshta.exe",
  "\\bash.exe",
];
const UNIX_SHELLS = ["/bash", "/sh", "/dash", "/zsh", "/ksh"];
const OFFICE = [
  "\\winword.exe",
  "\\excel.exe",
  "\\powerpnt.exe",
  "\\outlook.exe",
  "\\msaccess.exe",
  "\\mspub.exe",
  "\\onenote.exe",
];
const SERVERS = [
  "/java",
  "\\java.exe",
  "\\javaw.exe",
  "\\w3wp.exe",
  "\\httpd.exe",
  "\\nginx.exe",
  "\\tomcat9.exe",
  "/httpd",
  "/nginx",
  "/apache2",
  "/php-fpm",
  "/node",
];
const PRIVATE = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "fc00::/7",
  "fe80::/10",
  "::1/128",
];
const SAMR_ENUMERATION = [
  "SamrEnumerateDomainsInSamServer",
  "SamrEnumerateUsersInDomain",
  "SamrEnumerateGroupsInDomain",
  "SamrEnumerateAliasesInDomain",
  "SamrLookupNamesInDomain",
  "SamrLookupIdsInDomain",
  "SamrGetGroupsForUser",
  "SamrGetMembersInGroup",
  "SamrGetAliasMembership",
  "SamrQueryInformationUser",
  "SamrQueryInformationGroup",
];

/** The Windows and endpoint telemetry rules of the default pack. */
export const ENDPOINT_RULES: readonly RuleCreateInput[] = [
  rule(
    {
      name: "Windows Failed Logon Burst",
      description:
        "Ten failed Windows logons (4625) for one user on one host within five minutes. What to do: ask the user; if it was not them, find the source of the attempts and reset the password.",
      severity: "high",
      mitre_tactic: "TA0006",
      mitre_technique: "T1110",
    },
    { all: [is("EventID", 4625), is("Channel", "Security")] },
    ["username", "hostname"],
    10,
    300,
  ),
  // Account lockouts (Security 4740 is typed account_locked) are watched by the device rule of that name.
  rule(
    {
      name: "Member Added to an Admin Group",
      description:
        "An account was added to Administrators, Domain Admins or another administrators group (4728, 4732, 4756). What to do: confirm the change with IT; if nobody asked for it, remove the member and investigate the account that added it.",
      severity: "high",
      mitre_tactic: "TA0003",
      mitre_technique: "T1098",
    },
    is("event_type", "admin_group_member_added"),
    "hostname",
  ),
  // Accounts created or enabled again (4720, 4722, 4738 "Account Enabled") are watched by the device rule
  // "Account Created or Enabled": one alert for the three events that creating an account logs.
  rule(
    {
      name: "Windows Audit Policy Changed",
      description:
        'The audit policy of a Windows host was changed (4719). What to do: if auditing was removed ("Success removed", "Failure removed") and nobody changed the group policy, treat it as an attacker hiding and examine the host.',
      severity: "medium",
      mitre_tactic: "TA0005",
      mitre_technique: "T1562.002",
    },
    is("event_type", "audit_policy_changed"),
    "hostname",
  ),
  rule(
    {
      name: "Audit Log Cleared",
      description:
        "The Security log (1102) or another event log (System 104) was cleared. What to do: attackers clear logs to hide; find who cleared it and examine the host from the events sent before.",
      severity: "high",
      mitre_tactic: "TA0005",
      mitre_technique: "T1070.001",
    },
    is("event_type", "audit_log_cleared"),
    "hostname",
  ),
  rule(
    {
      name: "Service Installed",
      description:
        "A service was installed (System 7045, Security 4697): how PsExec and much malware persist. What to do: check the service's file and account; unknown ones mean isolating the host.",
      severity: "high",
      mitre_tactic: "TA0003",
      mitre_technique: "T1543.003",
    },
    is("event_type", "service_installed"),
    "hostname",
  ),
  rule(
    {
      name: "Scheduled Task Created",
      description:
        "A scheduled task was created (4698). What to do: read the task's command; remove it and examine the host if it runs an unknown program or script.",
      severity: "medium",
      mitre_tactic: "TA0003",
      mitre_technique: "T1053.005",
    },
    is("event_type", "scheduled_task_created"),
    "hostname",
  ),
  rule(
    {
      name: "Defender Real-Time Protection Disabled",
      description:
        "Microsoft Defender real-time protection was turned off (5001). What to do: turn it back on and find who turned it off; ransomware does this just before encrypting.",
      severity: "high",
      mitre_tactic: "TA0005",
      mitre_technique: "T1562.001",
    },
    is("event_type", "realtime_protection_disabled"),
    "hostname",
  ),
  rule(
    {
      name: "RDP Logon From Outside",
      description:
        "A Remote Desktop logon (4624, logon type 10) from an address outside the private ranges clinics use. What to do: RDP should not be reachable from the internet: end the session, block the address and reset the account's password.",
      severity: "high",
      mitre_tactic: "TA0008",
      mitre_technique: "T1021.001",
    },
    {
      all: [
        is("EventID", 4624),
        is("LogonType", 10),
        { field: "source_ip", op: "exists", value: true },
        { not: { field: "source_ip", op: "cidr", value: PRIVATE } },
      ],
    },
    ["username", "source_ip"],
  ),
  rule(
    {
      name: "Office Application Starting a Shell",
      description:
        "Word, Excel, Outlook or another Office program started a shell or script host: a malicious document. What to do: isolate the host, find the document and the e-mail it came in, and look for the same e-mail in other mailboxes.",
      severity: "high",
      mitre_tactic: "TA0002",
      mitre_technique: "T1204.002",
    },
    { all: [processCreated, parent(OFFICE), image(SHELLS)] },
    "hostname",
  ),
  rule(
    {
      name: "Encoded PowerShell",
      description:
        "PowerShell started with an encoded command (-enc / -EncodedCommand). What to do: decode the command (Base64, UTF-16) and judge what it does; isolate the host if it downloads or runs anything.",
      severity: "high",
      mitre_tactic: "TA0002",
      mitre_technique: "T1059.001",
    },
    {
      all: [
        processCreated,
        image(["\\powershell.exe", "\\pwsh.exe"]),
        {
          field: "CommandLine",
          op: "re",
          flags: "i",
          value: "\\s[-/]e(c|nc|ncodedcommand|[a-z]{1,13})?\\s+[a-z0-9+/=]{16,}",
        },
      ],
    },
    "hostname",
  ),
  rule(
    {
      name: "Java or Web Server Starting a Shell",
      description:
        "A Java runtime or a web server started a shell: remote code execution (Log4Shell and the like). What to do: take the server off the network, patch the exposed application and look for what the shell ran.",
      severity: "critical",
      mitre_tactic: "TA0001",
      mitre_technique: "T1190",
    },
    { all: [processCreated, parent(SERVERS), image([...SHELLS, ...UNIX_SHELLS])] },
    "hostname",
  ),
  rule(
    {
      name: "Shadow Copies Deleted",
      description:
        "Volume shadow copies or the backup catalogue were deleted: ransomware preparing its encryption. What to do: isolate the host at once and check the backups are safe and offline.",
      severity: "critical",
      mitre_tactic: "TA0040",
      mitre_technique: "T1490",
    },
    {
      all: [
        processCreated,
        {
          field: "CommandLine",
          op: "re",
          flags: "i",
          value:
            "(vssadmin|wmic)(\\.exe)?\\S*\\s.*(delete\\s+shadows|shadowcopy\\s+delete)|wbadmin(\\.exe)?\\S*\\s+delete\\s+catalog|resize\\s+shadowstorage",
        },
      ],
    },
    "hostname",
  ),
  rule(
    {
      name: "Mass File Creation by One Process",
      description:
        "One process created 100 files within a minute (Sysmon 11): encryption or mass renaming. What to do: check the process; if it is not a known installer or backup, isolate the host at once.",
      severity: "critical",
      mitre_tactic: "TA0040",
      mitre_technique: "T1486",
    },
    is("event_type", "file_created"),
    ["hostname", "Image"],
    100,
    60,
  ),
  rule(
    {
      name: "Files Renamed to a Ransomware Extension",
      description:
        "One process wrote ten files with an extension ransomware gives encrypted files (.locked, .encrypted, .crypt…) within a minute. What to do: isolate the host at once, then the shares it reaches; do not restart it.",
      severity: "critical",
      mitre_tactic: "TA0040",
      mitre_technique: "T1486",
    },
    {
      all: [
        is("event_type", "file_created"),
        endsWith("TargetFilename", [
          ".locked",
          ".encrypted",
          ".enc",
          ".crypt",
          ".crypted",
          ".lockbit",
          ".ryk",
          ".conti",
          ".akira",
          ".royal",
        ]),
      ],
    },
    ["hostname", "Image"],
    10,
    60,
  ),
  rule(
    {
      name: "SAMR Account Enumeration",
      description:
        "Five SAMR enumeration calls from one host within five minutes (Zeek dce_rpc): accounts and groups listed. What to do: check whether the host is an administration or inventory tool; otherwise examine it for an attacker's discovery tools.",
      severity: "medium",
      mitre_tactic: "TA0007",
      mitre_technique: "T1087.002",
    },
    { all: [is("event_type", "dce_rpc_call"), is("endpoint", "samr"), is("operation", SAMR_ENUMERATION)] },
    "source_ip",
    5,
    300,
  ),
  rule(
    {
      name: "Directory Replication Call From a Host",
      description:
        "A host called the directory replication service (DRSUAPI) of a domain controller (Zeek dce_rpc): DCSync and AD reconnaissance. What to do: only domain controllers replicate; from any other host, assume domain credentials are stolen and isolate it.",
      severity: "high",
      mitre_tactic: "TA0006",
      mitre_technique: "T1003.006",
    },
    {
      all: [
        is("event_type", "dce_rpc_call"),
        is("endpoint", "drsuapi"),
        { not: is("operation", ["DRSBind", "DRSUnbind"]) },
      ],
    },
    "source_ip",
  ),
  rule(
    {
      name: "Executable Downloaded",
      description:
        "A Windows executable crossed the network (Zeek files log, PE type). What to do: check the download's source and hash; delete it and scan the host if it is not from a known vendor.",
      severity: "high",
      mitre_tactic: "TA0011",
      mitre_technique: "T1105",
    },
    is("event_type", "executable_transfer"),
    "dest_ip",
  ),
];
