import type { DecodedFields, Decoder, ParsedMessage } from "../types.ts";
import { numericTime, timestampField } from "./device-time.ts";
import {
  firewallAction,
  ipOrNull,
  parseKeyValues,
  present,
  protocolName,
  toCount,
  toPort,
} from "./fields.ts";

type Kv = Record<string, string>;

const firewallEvent = (action: "allow" | "deny" | null) =>
  action === "deny" ? "firewall_deny" : action === "allow" ? "firewall_allow" : "firewall_log";
/** An HTTP status, null for the 0 Sophos writes on tunnelled (HTTPS) requests. */
const httpStatus = (value: string | undefined) => toCount(value) || null;

// ---- Sophos Firewall (XG, SFOS 17–20): device="SFW" … log_type="Firewall" log_component=… ----

function xgFirewall(kv: Kv): DecodedFields {
  if (/^virus$/i.test(kv.log_subtype ?? "")) return { source_type: "ids", event_type: "malware_detected" };
  const action = firewallAction(kv.status ?? kv.log_subtype);
  return {
    source_type: "firewall",
    event_type: firewallEvent(action),
    action,
    rule_name: present(kv.fw_rule_name) ?? present(kv.fw_rule_id),
    bytes_sent: toCount(kv.sent_bytes ?? kv.bytes_sent),
    bytes_received: toCount(kv.recv_bytes ?? kv.bytes_received),
  };
}

function xgContentFilter(kv: Kv): DecodedFields {
  const denied = /^denied$/i.test(kv.log_subtype ?? "");
  if (/^application$/i.test(kv.log_component ?? "")) {
    return {
      source_type: "firewall",
      event_type: denied ? "firewall_deny" : "firewall_allow",
      action: denied ? "deny" : "allow",
      rule_name: present(kv.app_name) ?? present(kv.fw_rule_id),
    };
  }
  return {
    source_type: "proxy",
    event_type: denied ? "web_blocked" : "http_request",
    url: present(kv.url),
    method: null,
    status_code: httpStatus(kv.status_code ?? kv.http_status),
    user_agent: present(kv.user_agent) ?? present(kv.http_user_agent),
    content_type: present(kv.contenttype) ?? present(kv.content_type),
    bytes_transferred: toCount(kv.recv_bytes ?? kv.bytes_received),
    category: present(kv.category) ?? present(kv.http_category),
  };
}

const xgIdp = (kv: Kv): DecodedFields => ({
  source_type: "ids",
  event_type: "ids_alert",
  signature_id: present(kv.signature_id),
  signature_name: present(kv.signature_msg),
  classification: present(kv.classification),
  priority: toCount(kv.rule_priority),
  action: present(kv.log_subtype),
});

const xgAntiVirus = (kv: Kv): DecodedFields => ({
  source_type: "ids",
  event_type: "malware_detected",
  signature_name: present(kv.virus) ?? present(kv.malware),
  classification: present(kv.log_component),
  url: present(kv.url),
  file_path: present(kv.filename) ?? present(kv.file_name),
});

const LOGIN_TEXT = /log(?:ged)? ?in|authenticat/i;

/** Event logs: logins to the firewall, VPN and admin console; admin changes. Other events are not ours. */
function xgEvent(kv: Kv): DecodedFields | null {
  const subtype = kv.log_subtype ?? "";
  const isLogin = /^authentication$/i.test(subtype) || LOGIN_TEXT.test(kv.message ?? "");
  if (isLogin && /^(admin|authentication)$/i.test(subtype)) {
    const failed = /fail|denied/i.test(`${kv.status ?? ""} ${kv.message ?? ""}`);
    return {
      source_type: "auth",
      event_type: failed ? "login_failure" : "login_success",
      result: failed ? "failure" : "success",
      auth_method: present(kv.auth_mechanism),
      failure_reason: failed ? present(kv.reason) : null,
      service: present(kv.log_component),
    };
  }
  if (/^admin$/i.test(subtype)) return { source_type: "application", event_type: "config_change" };
  return null;
}

const XG: Record<string, (kv: Kv) => DecodedFields | null> = {
  firewall: xgFirewall,
  "content filtering": xgContentFilter,
  idp: xgIdp,
  "anti-virus": xgAntiVirus,
  event: xgEvent,
};

/** The zone of an XG `timezone`: "+08", "+05:30", "GMT"; named zones cannot be resolved and leave the time local. */
function xgZone(timezone: string | undefined): string {
  const offset = /^([+-]\d{2}):?(\d{2})?$/.exec(timezone ?? "");
  if (offset) return `${offset[1]}:${offset[2] ?? "00"}`;
  return /^(GMT|UTC)$/i.test(timezone ?? "") ? "Z" : "";
}

function xgTime(kv: Kv): string | null {
  if (kv.timestamp) return numericTime(kv.timestamp);
  return kv.date && kv.time ? numericTime(`${kv.date} ${kv.time}${xgZone(kv.timezone)}`) : null;
}

function decodeXg(parsed: ParsedMessage, kv: Kv): DecodedFields | null {
  const fields = XG[(kv.log_type ?? "").toLowerCase()]?.(kv);
  if (!fields) return null;
  return {
    source_ip: ipOrNull(kv.src_ip),
    dest_ip: ipOrNull(kv.dst_ip),
    source_port: toPort(kv.src_port),
    dest_port: toPort(kv.dst_port),
    protocol: protocolName(kv.protocol),
    username: present(kv.user_name),
    hostname: parsed.hostname ?? present(kv.device_name),
    message: present(kv.message) ?? parsed.message,
    ...fields,
    ...timestampField(xgTime(kv)),
    metadata: {
      log_id: present(kv.log_id),
      log_type: present(kv.log_type),
      log_component: present(kv.log_component),
      log_subtype: present(kv.log_subtype),
      in_interface: present(kv.in_interface),
      out_interface: present(kv.out_interface),
      source_zone: present(kv.srczone) ?? present(kv.src_zone),
      destination_zone: present(kv.dstzone) ?? present(kv.dst_zone),
      application: present(kv.application) ?? present(kv.app_name),
    },
  };
}

// ---- Sophos UTM (ASG 9): "2023:03:08-15:00:00 host ulogd[1]: id="2001" … sys="SecureNet" sub="packetfilter" …" ----

const UTM_HEADER_RE = /^(?:<\d{1,3}>)?(\d{4}:\d{2}:\d{2}-\d{2}:\d{2}:\d{2}) (\S+) /;

function utmPacketFilter(kv: Kv): DecodedFields {
  const action = firewallAction(kv.action);
  return {
    source_type: "firewall",
    event_type: firewallEvent(action),
    action,
    rule_name: present(kv.fwrule),
    metadata: { in_interface: present(kv.initf), out_interface: present(kv.outitf) },
  };
}

function utmWeb(kv: Kv): DecodedFields | null {
  if (!kv.action) return null; // proxy debug lines (id 0003) carry no request
  return {
    source_type: "proxy",
    event_type: /^block/i.test(kv.action) ? "web_blocked" : "http_request",
    url: present(kv.url),
    method: present(kv.method),
    status_code: httpStatus(kv.statuscode),
    user_agent: present(kv.ua),
    content_type: present(kv["content-type"]),
    bytes_transferred: toCount(kv.size),
    category: present(kv.categoryname),
    action: kv.action,
    metadata: { reason: present(kv.reason), reputation: present(kv.reputation) },
  };
}

const UTM: Record<string, (kv: Kv) => DecodedFields | null> = { packetfilter: utmPacketFilter, http: utmWeb };

function decodeUtm(parsed: ParsedMessage, kv: Kv): DecodedFields | null {
  const fields = UTM[kv.sub ?? ""]?.(kv);
  if (!fields) return null;
  const header = UTM_HEADER_RE.exec(parsed.raw);
  return {
    source_ip: ipOrNull(kv.srcip),
    dest_ip: ipOrNull(kv.dstip),
    source_port: toPort(kv.srcport),
    dest_port: toPort(kv.dstport),
    protocol: protocolName(kv.proto),
    username: present(kv.user),
    hostname: header?.[2] ?? parsed.hostname,
    message: present(kv.name) ?? parsed.message,
    ...fields,
    ...timestampField(numericTime(header?.[1])),
    metadata: {
      utm_id: present(kv.id),
      utm_system: present(kv.sys),
      utm_sub: present(kv.sub),
      ...fields.metadata,
    },
  };
}

const XG_RE = /\blog_type="?[A-Z]/;
const UTM_RE = /\bsys="\w+" sub="\w+"/;

/** Sophos Firewall (XG/SFOS) and Sophos UTM key="value" logs: firewall rules, web filtering, IPS, antivirus, logins. */
export const sophosDecoder: Decoder = {
  name: "sophos",
  matches: (parsed) =>
    (XG_RE.test(parsed.message) && parsed.message.includes("log_component=")) || UTM_RE.test(parsed.message),
  decode(parsed) {
    const kv = parseKeyValues(parsed.message);
    return kv.log_type ? decodeXg(parsed, kv) : decodeUtm(parsed, kv);
  },
};
