import { isIP } from "node:net";
import type { IngestRecord, Recognised } from "../formats/types.ts";
import { classifyWindows, type WindowsClass, windowsFamily } from "./classify.ts";
import { failureReason, logonTypeName } from "./logon.ts";

/** The System part of a Windows event as every shipper gives it, before validation. */
export interface WindowsSystem {
  EventID: unknown;
  Channel: unknown;
  Computer: unknown;
  Provider_Name?: unknown;
  EventRecordID?: unknown;
  /** ISO 8601 (UTC) event time. */
  TimeCreated?: unknown;
  Level?: unknown;
  Task?: unknown;
  Keywords?: unknown;
  Version?: unknown;
  Opcode?: unknown;
  ProcessID?: unknown;
  ThreadID?: unknown;
  UserID?: unknown;
}

/** One Windows event handed over by a shipper's recogniser: System, EventData by Windows name, rendered text. */
export interface WindowsInput {
  /** The recogniser's name, kept in metadata and named in refusals. */
  format: string;
  system: WindowsSystem;
  data: Record<string, unknown>;
  message?: unknown;
}

const present = (value: unknown): string | null => {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" || trimmed === "-" ? null : trimmed;
};

/** An event id: an integer 0–65535, as a number or digits. */
function eventIdOf(value: unknown): number | null {
  const digits = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^\d{1,5}$/.test(digits)) return null;
  const id = Number(digits);
  return id <= 65535 ? id : null;
}

const describe = (value: unknown): string =>
  value === undefined ? "missing" : `got ${JSON.stringify(value)?.slice(0, 40) ?? typeof value}`;

/** The system fields that must be there and well typed, or why the event is refused. */
function validate(input: WindowsInput): { id: number; channel: string; computer: string } | string {
  const { system, format } = input;
  const id = eventIdOf(system.EventID);
  if (id === null) return `${format}: EventID must be an integer event id (${describe(system.EventID)})`;
  const channel = typeof system.Channel === "string" ? system.Channel.trim() : "";
  if (!channel) return `${format}: Channel must be a non-empty string (${describe(system.Channel)})`;
  const computer = typeof system.Computer === "string" ? system.Computer.trim() : "";
  if (!computer) return `${format}: Computer must be a non-empty string (${describe(system.Computer)})`;
  return { id, channel, computer };
}

/** Sysmon writes `DOMAIN\user`; Security events split the name and the domain. */
function userOf(data: Record<string, unknown>, kind: WindowsClass["user"]): string | null {
  const target = present(data.TargetUserName);
  const subject = present(data.SubjectUserName);
  const first = kind === "target" ? (target ?? subject) : (subject ?? target);
  return first ?? present(data.User) ?? present(data.AccountName);
}

const ipOf = (value: unknown): string | null => {
  const text = present(value)?.replace(/^::ffff:(?=\d+\.)/i, "");
  return text && isIP(text) ? text : null;
};
const portOf = (value: unknown): number | null => {
  const text = present(value);
  if (!text || !/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port > 0 && port <= 65535 ? port : null;
};

/** Addresses: the logon's client (IpAddress), or Sysmon's connection ends. */
function addresses(data: Record<string, unknown>) {
  return {
    source_ip: ipOf(data.IpAddress) ?? ipOf(data.SourceIp) ?? ipOf(data.SourceAddress),
    source_port: portOf(data.IpPort) ?? portOf(data.SourcePort),
    dest_ip: ipOf(data.DestinationIp) ?? ipOf(data.DestAddress),
    dest_port: portOf(data.DestinationPort) ?? portOf(data.DestPort),
  };
}

/** Contract keys some source types need that no alias reaches (logon result, DNS query, group). */
function contractFields(cls: WindowsClass, id: number, data: Record<string, unknown>) {
  if (cls.source_type === "auth") {
    const failure = /failure|failed/.test(cls.event_type) || id === 4625 || id === 4771;
    return {
      result: failure ? "failure" : cls.event_type.startsWith("login") ? "success" : null,
      failure_reason: failure ? failureReason(data.SubStatus, data.Status, data.FailureReason) : null,
      auth_method: present(data.AuthenticationPackageName) ?? present(data.PackageName),
      service: logonTypeName(data.LogonType) ?? present(data.ServiceName),
    };
  }
  if (cls.source_type === "dns") {
    return {
      query: present(data.QueryName),
      response: present(data.QueryResults),
      response_code: present(data.QueryStatus),
    };
  }
  if (cls.event_type.includes("group_member")) return { group: present(data.TargetUserName) };
  if (cls.source_type === "network") return { protocol: present(data.Protocol) };
  return {};
}

/** Only the System fields the event has: absent ones are not invented as nulls. */
function systemFields(input: WindowsInput, id: number, channel: string, computer: string) {
  const { system } = input;
  const fields: Record<string, unknown> = { EventID: id, Channel: channel, Computer: computer };
  const optional = [
    "Provider_Name",
    "EventRecordID",
    "Level",
    "Task",
    "Keywords",
    "Version",
    "Opcode",
  ] as const;
  for (const key of optional) {
    const value = system[key];
    if (value === undefined || value === null || value === "") continue;
    fields[key] = key === "EventRecordID" || key === "Level" ? (eventIdOrNumber(value) ?? value) : value;
  }
  return fields;
}

const eventIdOrNumber = (value: unknown): number | null => {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
};

/**
 * Builds the ingest record of one Windows event (docs/WINDOWS.md): Computer → hostname, the acting or target
 * user → username, addresses and ports, the class of its event id, and every EventData field under its
 * Windows name in `source_fields` (beside EventID, Channel, Provider_Name, Computer, EventRecordID).
 */
export function toWindowsRecord(input: WindowsInput): Recognised {
  const valid = validate(input);
  if (typeof valid === "string") return { ok: false, error: valid };
  const { id, channel, computer } = valid;
  const family = windowsFamily(channel);
  const cls = classifyWindows(family, id, input.data, input.system.Level);
  const message = present(input.message) ?? `${channel} ${id}: ${cls.title}${summary(input.data)}`;
  const record: IngestRecord = {
    source_type: cls.source_type,
    event_type: cls.event_type,
    ...(cls.severity && { severity: cls.severity }),
    hostname: computer.slice(0, 255),
    username: userOf(input.data, cls.user)?.slice(0, 255) ?? null,
    ...addresses(input.data),
    message,
    timestamp: present(input.system.TimeCreated),
    ...contractFields(cls, id, input.data),
    metadata: { format: input.format, windows_family: family },
    source_fields: { ...input.data, ...systemFields(input, id, channel, computer) },
  };
  return { ok: true, record };
}

// The fields that say what happened, in the order an analyst reads them.
const SUMMARY_FIELDS = [
  "Image",
  "CommandLine",
  "TargetFilename",
  "TargetObject",
  "QueryName",
  "TargetUserName",
];

function summary(data: Record<string, unknown>): string {
  const parts = SUMMARY_FIELDS.map((key) => present(data[key])).filter((v): v is string => v !== null);
  return parts.length ? ` ${parts.join(" ").slice(0, 500)}` : "";
}
