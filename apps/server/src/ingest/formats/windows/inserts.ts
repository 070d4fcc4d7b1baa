import { windowsFamily } from "../../windows/classify.ts";
import type { Json } from "../json.ts";

/*
 * Shippers that only give an event's values in order (Fluent Bit's StringInserts) lose the EventData names.
 * The order is fixed by each event's manifest; the names of the events rules look at most are listed here.
 */

const SUBJECT = ["SubjectUserSid", "SubjectUserName", "SubjectDomainName", "SubjectLogonId"];
const GROUP_CHANGE = [
  "MemberName",
  "MemberSid",
  "TargetUserName",
  "TargetDomainName",
  "TargetSid",
  ...SUBJECT,
];
const ACCOUNT = ["TargetUserName", "TargetDomainName", "TargetSid", ...SUBJECT];

const NAMES: Record<string, readonly string[]> = {
  "security:4624": [
    ...SUBJECT,
    "TargetUserSid",
    "TargetUserName",
    "TargetDomainName",
    "TargetLogonId",
    "LogonType",
    "LogonProcessName",
    "AuthenticationPackageName",
    "WorkstationName",
    "LogonGuid",
    "TransmittedServices",
    "LmPackageName",
    "KeyLength",
    "ProcessId",
    "ProcessName",
    "IpAddress",
    "IpPort",
  ],
  "security:4625": [
    ...SUBJECT,
    "TargetUserSid",
    "TargetUserName",
    "TargetDomainName",
    "Status",
    "FailureReason",
    "SubStatus",
    "LogonType",
    "LogonProcessName",
    "AuthenticationPackageName",
    "WorkstationName",
    "TransmittedServices",
    "LmPackageName",
    "KeyLength",
    "ProcessId",
    "ProcessName",
    "IpAddress",
    "IpPort",
  ],
  "security:4688": [
    ...SUBJECT,
    "NewProcessId",
    "NewProcessName",
    "TokenElevationType",
    "ProcessId",
    "CommandLine",
    "TargetUserSid",
    "TargetUserName",
    "TargetDomainName",
    "TargetLogonId",
    "ParentProcessName",
    "MandatoryLabel",
  ],
  "security:4697": [
    ...SUBJECT,
    "ServiceName",
    "ServiceFileName",
    "ServiceType",
    "ServiceStartType",
    "ServiceAccount",
  ],
  "security:4698": [...SUBJECT, "TaskName", "TaskContent"],
  "security:4720": ACCOUNT,
  "security:4726": ACCOUNT,
  "security:4740": ACCOUNT,
  "security:4728": GROUP_CHANGE,
  "security:4732": GROUP_CHANGE,
  "security:4756": GROUP_CHANGE,
  "security:1102": SUBJECT,
  "system:7045": ["ServiceName", "ImagePath", "ServiceType", "StartType", "AccountName"],
  "sysmon:1": [
    "RuleName",
    "UtcTime",
    "ProcessGuid",
    "ProcessId",
    "Image",
    "FileVersion",
    "Description",
    "Product",
    "Company",
    "OriginalFileName",
    "CommandLine",
    "CurrentDirectory",
    "User",
    "LogonGuid",
    "LogonId",
    "TerminalSessionId",
    "IntegrityLevel",
    "Hashes",
    "ParentProcessGuid",
    "ParentProcessId",
    "ParentImage",
    "ParentCommandLine",
    "ParentUser",
  ],
  "sysmon:3": [
    "RuleName",
    "UtcTime",
    "ProcessGuid",
    "ProcessId",
    "Image",
    "User",
    "Protocol",
    "Initiated",
    "SourceIsIpv6",
    "SourceIp",
    "SourceHostname",
    "SourcePort",
    "SourcePortName",
    "DestinationIsIpv6",
    "DestinationIp",
    "DestinationHostname",
    "DestinationPort",
    "DestinationPortName",
  ],
  "sysmon:11": [
    "RuleName",
    "UtcTime",
    "ProcessGuid",
    "ProcessId",
    "Image",
    "TargetFilename",
    "CreationUtcTime",
    "User",
  ],
  "sysmon:22": [
    "RuleName",
    "UtcTime",
    "ProcessGuid",
    "ProcessId",
    "QueryName",
    "QueryStatus",
    "QueryResults",
    "Image",
    "User",
  ],
  "powershell:4104": ["MessageNumber", "MessageTotal", "ScriptBlockText", "ScriptBlockId", "Path"],
};

/** The inserts under their EventData names when the event is listed; otherwise kept as `StringInserts`. */
export function namedInserts(channel: unknown, id: unknown, inserts: unknown): Json {
  if (!Array.isArray(inserts)) return {};
  const names = typeof channel === "string" ? NAMES[`${windowsFamily(channel)}:${String(id)}`] : undefined;
  if (!names || inserts.length < names.length / 2) return { StringInserts: inserts };
  const data: Json = {};
  names.forEach((name, index) => {
    if (index < inserts.length) data[name] = inserts[index];
  });
  return data;
}
