import type { Severity } from "@vigie/contracts";
import type { DecodedFields, Decoder } from "../types.ts";
import { ipOrNull, parseKeyValues, present, protocolName, toCount, toPort } from "./fields.ts";

type Kv = Record<string, string>;

const FORTI_SEVERITY: Record<string, Severity> = {
  critical: "critical",
  high: "high",
  medium: "medium",
  low: "low",
  info: "info",
};
const DENIED = /^(deny|denied|block|blocked|drop|dropped|reset|clear_session)$/i;

const verdict = (kv: Kv): "allow" | "deny" => (DENIED.test(kv.action ?? kv.status ?? "") ? "deny" : "allow");
const urlOf = (kv: Kv) => (kv.hostname ? `${kv.hostname}${kv.url ?? ""}` : present(kv.url));
const severityOf = (kv: Kv) => {
  const severity = FORTI_SEVERITY[(kv.severity ?? kv.crlevel ?? "").toLowerCase()];
  return severity ? { severity } : {};
};

function traffic(kv: Kv): DecodedFields {
  const action = verdict(kv);
  return {
    source_type: "firewall",
    event_type: action === "deny" ? "firewall_deny" : "firewall_allow",
    action,
    rule_name: present(kv.policyname) ?? present(kv.policyid),
    bytes_sent: toCount(kv.sentbyte ?? kv.sent),
    bytes_received: toCount(kv.rcvdbyte ?? kv.rcvd),
  };
}

function threat(kv: Kv): DecodedFields {
  return {
    source_type: "ids",
    event_type: kv.subtype === "virus" ? "malware_detected" : "ids_alert",
    signature_id: present(kv.attackid) ?? present(kv.virusid),
    signature_name: present(kv.attack) ?? present(kv.virus) ?? present(kv.msg),
    classification: present(kv.subtype) ?? present(kv.type),
    action: present(kv.action),
    ...severityOf(kv),
  };
}

function webfilter(kv: Kv): DecodedFields {
  const action = verdict(kv);
  return {
    source_type: "proxy",
    event_type: action === "deny" || /blk|block/.test(kv.eventtype ?? "") ? "web_blocked" : "http_request",
    url: urlOf(kv),
    method: present(kv.reqtype),
    status_code: null,
    user_agent: present(kv.agent),
    content_type: null,
    bytes_transferred: toCount(kv.sentbyte),
    category: present(kv.catdesc),
  };
}

const LOGIN_EVENTS: readonly [RegExp, string][] = [
  [/login fail|ssl-login-fail|logon fail/i, "login_failure"],
  [/login success|logged in/i, "login_success"],
  [/logout|logged out/i, "logout"],
];

function event(kv: Kv): DecodedFields {
  const text = `${kv.logdesc ?? ""} ${kv.action ?? ""} ${kv.msg ?? ""}`;
  const login = LOGIN_EVENTS.find(([re]) => re.test(text))?.[1];
  const client = /\(([\d.:a-fA-F]+)\)/.exec(kv.ui ?? "")?.[1];
  const common = { username: present(kv.user), source_ip: ipOrNull(kv.srcip ?? kv.remip ?? client) };
  if (login) {
    const failed = login === "login_failure";
    return {
      ...common,
      source_type: "auth",
      event_type: login,
      result: failed ? "failure" : "success",
      failure_reason: failed ? present(kv.reason) : null,
      service: present(kv.subtype),
    };
  }
  const isConfig = /config|attribute|object/i.test(kv.logdesc ?? "") || !!kv.cfgpath;
  const meaning = EVENT_MEANINGS.find(([subtype, re]) => subtype === kv.subtype && re.test(text))?.[2];
  return {
    ...common,
    source_type: "application",
    event_type: isConfig ? "config_change" : (meaning ?? `${kv.subtype ?? "system"}_event`),
  };
}

// System events by subtype and text: VPN tunnels, the HA cluster, TLS failures seen by the proxy (WAD).
const EVENT_MEANINGS: readonly [string, RegExp, string][] = [
  ["vpn", /tunnel-up|tunnel established/i, "vpn_tunnel_up"],
  ["vpn", /tunnel-down|tunnel shutdown|dpd fail/i, "vpn_tunnel_down"],
  ["ha", /./, "failover_event"],
  ["wad", /ssl|tls/i, "tls_error"],
];

/** Application control: the application the firewall let through or blocked, with its category and risk. */
function appControl(kv: Kv): DecodedFields {
  return {
    ...traffic(kv),
    application: present(kv.app),
    category: present(kv.appcat),
    classification: "application-control",
    risk: present(kv.apprisk),
    url: urlOf(kv),
  };
}

/** TLS inspection: connections refused for an invalid, untrusted or unsupported certificate or protocol. */
function tlsInspection(kv: Kv): DecodedFields {
  return {
    source_type: "firewall",
    event_type: verdict(kv) === "deny" ? "tls_blocked" : "tls_anomaly",
    action: verdict(kv),
    reason: present(kv.reason) ?? present(kv.msg),
  };
}

/** File filters (CIFS, HTTP, mail): the file a policy blocked or let through. */
function fileFilter(kv: Kv): DecodedFields {
  return {
    source_type: "firewall",
    event_type: verdict(kv) === "deny" ? "file_blocked" : "file_transfer",
    action: verdict(kv),
    file_name: present(kv.filename),
    file_type: present(kv.filetype),
    bytes_transferred: toCount(kv.filesize),
  };
}

/** Decoders by FortiGate log `type` (and `subtype` for UTM logs). */
const UTM: Record<string, (kv: Kv) => DecodedFields> = {
  ips: threat,
  anomaly: threat,
  virus: threat,
  webfilter,
  "app-ctrl": appControl,
  ssl: tlsInspection,
  cifs: fileFilter,
  "file-filter": fileFilter,
};
const BY_TYPE: Record<string, (kv: Kv) => DecodedFields> = {
  traffic,
  anomaly: threat,
  event,
  utm: (kv) => UTM[kv.subtype ?? ""]?.(kv) ?? { ...traffic(kv), event_type: `${kv.subtype ?? "utm"}_event` },
};

/**
 * FortiGate key=value logs (FortiOS 3 to 7): traffic, UTM (IPS, AV, web filter, app control, TLS inspection, file
 * filter), system, HA and VPN events.
 */
export const fortigateDecoder: Decoder = {
  name: "fortigate",
  matches: (parsed) => /\b(?:devid|device_id|logid|log_id)=/.test(parsed.message),
  decode(parsed) {
    const kv = parseKeyValues(parsed.message);
    const decode = BY_TYPE[kv.type ?? ""];
    if (!decode) return null;
    return {
      source_ip: ipOrNull(kv.srcip ?? kv.src),
      dest_ip: ipOrNull(kv.dstip ?? kv.dst),
      source_port: toPort(kv.srcport ?? kv.src_port),
      dest_port: toPort(kv.dstport ?? kv.dst_port),
      protocol: protocolName(kv.proto),
      username: present(kv.user),
      hostname: present(kv.devname) ?? parsed.hostname,
      ...decode(kv),
      metadata: {
        logid: kv.logid ?? kv.log_id ?? null,
        subtype: kv.subtype ?? null,
        service: present(kv.service),
        vdom: present(kv.vd),
      },
    };
  },
};
