import type { Severity, SourceType } from "@vigie/contracts";

/** What Vigie makes of one Windows event id: its source type, event type, severity and a short title. */
export interface WindowsClass {
  source_type: SourceType;
  event_type: string;
  /** Absent: the contract classifier decides (info unless the text says more). */
  severity?: Severity;
  title: string;
  /** Which account `username` names: the target (logons, lockouts) or the acting subject (default). */
  user?: "target";
  /** Refines the entry from the event's own fields (logon type, status, group name). */
  refine?: (data: Readonly<Record<string, unknown>>) => Partial<WindowsClass> | undefined;
}

/** The log families the table knows, read from the channel name. */
export type WindowsFamily = "security" | "system" | "sysmon" | "powershell" | "defender" | "other";

const ADMIN_GROUPS =
  /^(administrators|administrateurs|domain admins|admins du domaine|enterprise admins|administrateurs de l'entreprise|schema admins|administrateurs du schéma|backup operators|account operators|server operators|dnsadmins|group policy creator owners|remote desktop users|utilisateurs du bureau à distance)$/i;

const text = (value: unknown): string => (typeof value === "string" ? value : String(value ?? ""));
const failed = (status: unknown): boolean => !/^(0x0+|0|-)?$/i.test(text(status).trim());

const adminGroup: WindowsClass["refine"] = (data) =>
  ADMIN_GROUPS.test(text(data.TargetUserName).trim())
    ? { event_type: "admin_group_member_added", severity: "high", title: "Member added to an admin group" }
    : undefined;

const bySubject = { user: undefined, refine: adminGroup };

const auth = (event_type: string, title: string, severity?: Severity): WindowsClass => ({
  source_type: "auth",
  event_type,
  title,
  user: "target",
  ...(severity && { severity }),
});
const account = (event_type: string, title: string, severity?: Severity): WindowsClass => ({
  source_type: "active_directory",
  event_type,
  title,
  user: "target",
  ...(severity && { severity }),
});
const host = (event_type: string, title: string, severity?: Severity): WindowsClass => ({
  source_type: "endpoint",
  event_type,
  title,
  ...(severity && { severity }),
});

/** Security log: logons, account and group management, Kerberos / NTLM, audit policy and log. */
const SECURITY: Record<number, WindowsClass> = {
  4624: {
    ...auth("login_success", "Successful logon"),
    // RemoteInteractive (RDP) logons are worth a look; other types are routine.
    refine: (data) => (text(data.LogonType) === "10" ? { severity: "low", title: "RDP logon" } : undefined),
  },
  4625: auth("login_failure", "Failed logon", "medium"),
  4634: auth("logoff", "Logoff"),
  4647: auth("logoff", "User-initiated logoff"),
  4648: auth("explicit_credentials_logon", "Logon with explicit credentials", "low"),
  4672: auth("special_privileges_logon", "Special privileges assigned to a new logon", "low"),
  4688: host("process_created", "Process created"),
  4697: host("service_installed", "Service installed", "high"),
  4698: host("scheduled_task_created", "Scheduled task created", "medium"),
  4699: host("scheduled_task_deleted", "Scheduled task deleted", "low"),
  4700: host("scheduled_task_enabled", "Scheduled task enabled", "low"),
  4701: host("scheduled_task_disabled", "Scheduled task disabled", "low"),
  4702: host("scheduled_task_updated", "Scheduled task updated", "medium"),
  4719: { ...account("audit_policy_changed", "System audit policy changed", "high"), user: undefined },
  4720: account("user_created", "User account created", "medium"),
  4722: account("user_enabled", "User account enabled", "low"),
  4723: account("password_change_attempt", "Password change attempt", "low"),
  4724: account("password_reset", "Password reset by another account", "medium"),
  4725: account("user_disabled", "User account disabled", "low"),
  4726: account("user_deleted", "User account deleted", "medium"),
  // Group changes: TargetUserName is the group, so `username` names who made the change.
  4728: { ...account("group_member_added", "Member added to a global group", "medium"), ...bySubject },
  4732: { ...account("group_member_added", "Member added to a local group", "medium"), ...bySubject },
  4738: account("user_changed", "User account changed", "low"),
  4740: account("account_locked", "Account locked out", "medium"),
  4756: { ...account("group_member_added", "Member added to a universal group", "medium"), ...bySubject },
  4768: {
    ...auth("kerberos_tgt_request", "Kerberos TGT requested"),
    refine: (data) =>
      failed(data.Status) ? { event_type: "kerberos_tgt_failure", severity: "low" } : undefined,
  },
  4769: auth("kerberos_service_ticket", "Kerberos service ticket requested"),
  4771: auth("kerberos_preauth_failure", "Kerberos pre-authentication failed", "medium"),
  4776: {
    ...auth("ntlm_validation", "NTLM credential validation"),
    refine: (data) =>
      failed(data.Status) ? { event_type: "ntlm_validation_failure", severity: "medium" } : undefined,
  },
  5136: account("directory_object_modified", "Directory object modified", "low"),
  5137: account("directory_object_created", "Directory object created", "low"),
  5141: account("directory_object_deleted", "Directory object deleted", "low"),
  5156: { source_type: "network", event_type: "connection_allowed", title: "Connection allowed (WFP)" },
  5157: {
    source_type: "network",
    event_type: "connection_blocked",
    title: "Connection blocked (WFP)",
    severity: "low",
  },
  6416: host("external_device_recognized", "External device recognised", "low"),
  1102: { ...host("audit_log_cleared", "Security audit log cleared", "high") },
};

/** System log: services and log clearing. */
const SYSTEM: Record<number, WindowsClass> = {
  7045: host("service_installed", "Service installed", "high"),
  7040: host("service_start_type_changed", "Service start type changed", "low"),
  104: host("audit_log_cleared", "Event log cleared", "high"),
};

/** Sysmon (Windows and Linux): process, network, file, registry, DNS and tampering telemetry. */
const SYSMON: Record<number, WindowsClass> = {
  1: host("process_created", "Process created"),
  2: host("file_time_changed", "File creation time changed", "low"),
  3: { source_type: "network", event_type: "network_connection", title: "Network connection" },
  5: host("process_terminated", "Process terminated"),
  6: host("driver_loaded", "Driver loaded", "low"),
  7: host("image_loaded", "Image loaded"),
  8: host("remote_thread_created", "Remote thread created", "medium"),
  10: {
    ...host("process_accessed", "Process accessed"),
    refine: (data) =>
      /\\lsass\.exe$/i.test(text(data.TargetImage))
        ? { event_type: "lsass_access", severity: "high", title: "LSASS memory accessed" }
        : undefined,
  },
  11: host("file_created", "File created"),
  12: host("registry_key_changed", "Registry key created or deleted"),
  13: host("registry_value_set", "Registry value set"),
  14: host("registry_key_renamed", "Registry key renamed"),
  15: host("file_stream_created", "Alternate data stream created", "low"),
  17: host("pipe_created", "Named pipe created"),
  18: host("pipe_connected", "Named pipe connected"),
  22: { source_type: "dns", event_type: "dns_query", title: "DNS query" },
  23: host("file_deleted", "File deleted"),
  25: host("process_tampering", "Process image tampering", "high"),
  26: host("file_deleted", "File deletion logged"),
};

/** PowerShell logging: module and script block logging (Windows flags suspicious blocks as warnings). */
const POWERSHELL: Record<number, WindowsClass> = {
  4103: host("powershell_module", "PowerShell pipeline execution"),
  4104: host("powershell_script_block", "PowerShell script block"),
};

/** Microsoft Defender Antivirus: detections, actions and protection turned off. */
const DEFENDER: Record<number, WindowsClass> = {
  1006: host("malware_detected", "Malware detected", "high"),
  1116: host("malware_detected", "Malware detected", "high"),
  1117: host("malware_action_taken", "Action taken on malware", "medium"),
  5001: host("realtime_protection_disabled", "Real-time protection disabled", "high"),
  5007: host("defender_config_changed", "Defender configuration changed", "medium"),
};

const TABLES: Record<WindowsFamily, Record<number, WindowsClass>> = {
  security: SECURITY,
  system: SYSTEM,
  sysmon: SYSMON,
  powershell: POWERSHELL,
  defender: DEFENDER,
  other: {},
};

/** The family of a channel ("Security", "Microsoft-Windows-Sysmon/Operational", "Linux-Sysmon/Operational"…). */
export function windowsFamily(channel: string): WindowsFamily {
  const name = channel.toLowerCase();
  if (name === "security") return "security";
  if (name === "system") return "system";
  if (name.includes("sysmon")) return "sysmon";
  if (name.includes("powershell")) return "powershell";
  if (name.includes("windows defender")) return "defender";
  return "other";
}

/** Table entries by family, for the documentation test and the docs table. */
export const WINDOWS_CLASSES: Readonly<Record<WindowsFamily, Readonly<Record<number, WindowsClass>>>> =
  TABLES;

// Event levels: 1 critical, 2 error, 3 warning. Used only for ids the table does not know.
const LEVEL_SEVERITY: Record<string, Severity> = { "1": "medium", "2": "low", "3": "low" };

/** The class of an event id in its family, refined by its fields; unknown ids get a neutral class. */
export function classifyWindows(
  family: WindowsFamily,
  eventId: number,
  data: Readonly<Record<string, unknown>>,
  level: unknown,
): WindowsClass {
  const entry = Object.hasOwn(TABLES[family], eventId) ? TABLES[family][eventId] : undefined;
  if (!entry) {
    const severity = LEVEL_SEVERITY[text(level)];
    return {
      source_type: "endpoint",
      event_type: "windows_event",
      title: "Windows event",
      ...(severity && { severity }),
    };
  }
  const refined = entry.refine?.(data);
  if (family === "powershell" && text(level) === "3") return { ...entry, severity: "medium", ...refined };
  return refined ? { ...entry, ...refined } : entry;
}
