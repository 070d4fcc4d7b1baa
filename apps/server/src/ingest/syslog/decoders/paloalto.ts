import type { Severity } from "@vigie/contracts";
import type { DecodedFields, Decoder } from "../types.ts";
import { numericTime, timestampField } from "./device-time.ts";
import { firewallAction, ipOrNull, present, protocolName, toCount, toPort } from "./fields.ts";

type Cols = readonly string[];

// FUTURE_USE, Receive Time ("2021/07/12 09:46:23" or ISO), Serial Number, Type, …
const HEADER_RE =
  /^[^,]*,(?:\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T[\d:.]+Z?),[^,]*,[A-Z]+,/;

/** Splits a PAN-OS CSV line; fields holding commas are double-quoted, `""` is a quote. */
function splitCsv(line: string): string[] {
  const cols: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === "," && !quoted) {
      cols.push(field);
      field = "";
    } else field += c;
  }
  cols.push(field);
  return cols;
}

// Column positions from the PAN-OS 8.1–11 syslog field descriptions (TRAFFIC and THREAT share the first 31).
const C = {
  type: 3,
  subtype: 4,
  generated: 6,
  src: 7,
  dst: 8,
  natSrc: 9,
  natDst: 10,
  rule: 11,
  srcUser: 12,
  dstUser: 13,
  app: 14,
  srcZone: 16,
  dstZone: 17,
  inIf: 18,
  outIf: 19,
  session: 22,
  sport: 24,
  dport: 25,
  proto: 29,
  action: 30,
} as const;
const TRAFFIC = { bytesSent: 32, bytesReceived: 33, category: 37, endReason: 46, device: 52 } as const;
const THREAT = {
  misc: 31,
  threat: 32,
  category: 33,
  severity: 34,
  direction: 35,
  agent: 46,
  device: 59,
} as const;
const SYSTEM = { eventId: 8, object: 9, module: 12, severity: 13, description: 14, device: 22 } as const;
const CONFIG = { host: 7, command: 9, admin: 10, client: 11, result: 12, path: 13 } as const;

const PAN_SEVERITY: Record<string, Severity> = {
  informational: "info",
  low: "low",
  medium: "medium",
  high: "high",
  critical: "critical",
};
const severityOf = (value: string | undefined) => {
  const severity = PAN_SEVERITY[(value ?? "").toLowerCase()];
  return severity ? { severity } : {};
};
const col = (cols: Cols, at: number) => present(cols[at]);
/** A NAT address, null when the session was not translated (PAN-OS writes 0.0.0.0). */
const natIp = (value: string | undefined) => {
  const ip = ipOrNull(value);
  return ip === "0.0.0.0" || ip === "::" ? null : ip;
};

/** Addresses, ports and user of a session (TRAFFIC and THREAT). */
function session(cols: Cols): DecodedFields {
  return {
    source_ip: ipOrNull(cols[C.src]),
    dest_ip: ipOrNull(cols[C.dst]),
    source_port: toPort(cols[C.sport]),
    dest_port: toPort(cols[C.dport]),
    protocol: protocolName(cols[C.proto]),
    username: col(cols, C.srcUser),
    rule_name: col(cols, C.rule),
  };
}

const sessionMetadata = (cols: Cols) => ({
  application: col(cols, C.app),
  source_zone: col(cols, C.srcZone),
  destination_zone: col(cols, C.dstZone),
  inbound_interface: col(cols, C.inIf),
  outbound_interface: col(cols, C.outIf),
  nat_source_ip: natIp(cols[C.natSrc]),
  nat_destination_ip: natIp(cols[C.natDst]),
  destination_user: col(cols, C.dstUser),
  session_id: col(cols, C.session),
});

const endpoints = (cols: Cols) =>
  `${cols[C.src]}:${cols[C.sport]} -> ${cols[C.dst]}:${cols[C.dport]} ${cols[C.proto] ?? ""}`.trim();

function traffic(cols: Cols): DecodedFields {
  const subtype = cols[C.subtype] ?? "";
  // "deny" and "drop" sessions were refused; "start" and "end" ones were let through by a rule.
  const action = /^(deny|drop)$/.test(subtype)
    ? "deny"
    : (firewallAction(cols[C.action]) ?? (/^(start|end)$/.test(subtype) ? "allow" : null));
  return {
    ...session(cols),
    source_type: "firewall",
    event_type: action === "deny" ? "firewall_deny" : action === "allow" ? "firewall_allow" : "firewall_log",
    action,
    bytes_sent: toCount(cols[TRAFFIC.bytesSent]),
    bytes_received: toCount(cols[TRAFFIC.bytesReceived]),
    hostname: col(cols, TRAFFIC.device),
    message: `TRAFFIC ${cols[C.subtype]} ${cols[C.action] ?? ""} ${endpoints(cols)} rule ${cols[C.rule] || "-"}`,
    metadata: {
      ...sessionMetadata(cols),
      session_end_reason: col(cols, TRAFFIC.endReason),
      url_category: col(cols, TRAFFIC.category),
    },
  };
}

// Threat ID: "DCS-2530L Unauthenticated Information Disclosure Vulnerability(90255)".
const THREAT_ID_RE = /^(?<name>.*?)\s*\((?<id>\d+)\)$/;
const URL_BLOCKED = /^(block|deny|drop|reset|override|continue)/;
// Subtypes whose URL/Filename column names a file.
const FILE_SUBTYPES = new Set(["virus", "wildfire", "wildfire-virus", "file"]);

/** Our event for each THREAT subtype; spyware, vulnerability, file, data, flood and packet are IDS alerts. */
const THREAT_KIND: Record<string, (cols: Cols) => DecodedFields> = {
  url: (cols) => ({
    source_type: "proxy",
    event_type: URL_BLOCKED.test(cols[C.action] ?? "") ? "web_blocked" : "http_request",
    url: col(cols, THREAT.misc),
    category: col(cols, THREAT.category),
    user_agent: col(cols, THREAT.agent),
  }),
  virus: () => ({ source_type: "ids", event_type: "malware_detected" }),
  "wildfire-virus": () => ({ source_type: "ids", event_type: "malware_detected" }),
  wildfire: (cols) => ({
    source_type: "ids",
    event_type: cols[THREAT.category] === "malicious" ? "malware_detected" : "ids_alert",
  }),
  scan: () => ({ source_type: "ids", event_type: "port_scan" }),
};

function threat(cols: Cols): DecodedFields {
  const subtype = cols[C.subtype] ?? "";
  const id = THREAT_ID_RE.exec(cols[THREAT.threat] ?? "")?.groups;
  const name = present(id ? id.name : cols[THREAT.threat]);
  const kind = THREAT_KIND[subtype]?.(cols) ?? { source_type: "ids", event_type: "ids_alert" };
  return {
    ...session(cols),
    signature_id: id?.id ?? null,
    signature_name: name,
    classification: col(cols, THREAT.category),
    priority: null,
    action: col(cols, C.action),
    file_path: FILE_SUBTYPES.has(subtype) ? col(cols, THREAT.misc) : null,
    hostname: col(cols, THREAT.device),
    message: `THREAT ${subtype} ${name ?? cols[THREAT.misc] ?? ""} ${endpoints(cols)} (${cols[C.action] ?? ""})`,
    ...kind,
    ...severityOf(cols[THREAT.severity]),
    metadata: {
      ...sessionMetadata(cols),
      direction: col(cols, THREAT.direction),
      url_or_file: FILE_SUBTYPES.has(subtype) || subtype === "url" ? null : col(cols, THREAT.misc),
    },
  };
}

const AUTH_FAILED = /auth-fail|failed authentication|authentication failed|login failed/i;
const AUTH_OK = /auth-success|authenticated for user|logged in/i;

function system(cols: Cols): DecodedFields {
  const text = `${cols[SYSTEM.eventId] ?? ""} ${cols[SYSTEM.description] ?? ""}`;
  const description = col(cols, SYSTEM.description);
  const login = AUTH_FAILED.test(text) ? "login_failure" : AUTH_OK.test(text) ? "login_success" : null;
  const common = {
    hostname: col(cols, SYSTEM.device),
    message: description,
    ...severityOf(cols[SYSTEM.severity]),
    metadata: {
      event_id: col(cols, SYSTEM.eventId),
      object: col(cols, SYSTEM.object),
      module: col(cols, SYSTEM.module),
    },
  };
  if (!login) return { ...common, source_type: "application", event_type: "system_event" };
  return {
    ...common,
    source_type: "auth",
    event_type: login,
    result: login === "login_failure" ? "failure" : "success",
    username: /user '([^']+)'/i.exec(description ?? "")?.[1] ?? null,
    source_ip: ipOrNull(/\bFrom:? ([\da-fA-F.:]+?)\.?(?:\s|$)/.exec(description ?? "")?.[1]),
    service: col(cols, SYSTEM.eventId),
    failure_reason: /Reason: ([^.]+)/.exec(description ?? "")?.[1] ?? null,
  };
}

function config(cols: Cols): DecodedFields {
  const [command, path, admin] = [col(cols, CONFIG.command), col(cols, CONFIG.path), col(cols, CONFIG.admin)];
  return {
    source_type: "application",
    event_type: "config_change",
    username: admin,
    source_ip: ipOrNull(cols[CONFIG.host]),
    message: `${command ?? "config"} ${path ?? ""} by ${admin ?? "?"}: ${cols[CONFIG.result] ?? ""}`,
    metadata: { command, path, client: col(cols, CONFIG.client), result: col(cols, CONFIG.result) },
  };
}

/** Decoders by log type, with the fewest columns a usable line of that type has. */
const BY_TYPE: Record<string, { minColumns: number; decode: (cols: Cols) => DecodedFields }> = {
  TRAFFIC: { minColumns: C.action + 1, decode: traffic },
  THREAT: { minColumns: THREAT.severity + 1, decode: threat },
  SYSTEM: { minColumns: SYSTEM.description + 1, decode: system },
  CONFIG: { minColumns: CONFIG.result + 1, decode: config },
};

/** Palo Alto Networks PAN-OS syslog CSV: TRAFFIC, THREAT (IPS, AV, URL filtering, scans), SYSTEM and CONFIG logs. */
export const paloaltoDecoder: Decoder = {
  name: "paloalto",
  matches: (parsed) => HEADER_RE.test(parsed.message),
  decode(parsed) {
    const cols = splitCsv(parsed.message);
    const type = BY_TYPE[cols[C.type] ?? ""];
    if (!type || cols.length < type.minColumns) return null;
    const decoded = type.decode(cols);
    return {
      ...decoded,
      hostname: decoded.hostname ?? parsed.hostname,
      message: decoded.message ?? parsed.message,
      ...timestampField(numericTime(cols[C.generated])),
      metadata: {
        log_type: cols[C.type],
        subtype: present(cols[C.subtype]),
        serial: present(cols[2]),
        ...decoded.metadata,
      },
    };
  },
};
