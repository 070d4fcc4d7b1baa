import type { Severity } from "@vigie/contracts";
import { readTimestamp } from "../parse/timestamp.ts";
import type { DecodedFields, Decoder } from "../types.ts";
import { ipOrNull, protocolName, toCount, toPort } from "./fields.ts";

type Json = Record<string, unknown>;

const object = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});
const text = (value: unknown): string | null =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : null;
const SURICATA_SEVERITY: Record<string, Severity> = { "1": "high", "2": "medium", "3": "low" };

function alert(eve: Json): DecodedFields {
  const a = object(eve.alert);
  const severity = SURICATA_SEVERITY[text(a.severity) ?? ""];
  return {
    source_type: "ids",
    event_type: "ids_alert",
    signature_id: text(a.signature_id),
    signature_name: text(a.signature),
    classification: text(a.category),
    priority: toCount(text(a.severity)),
    action: text(a.action),
    ...(severity ? { severity } : {}),
  };
}

function dns(eve: Json): DecodedFields {
  const d = object(eve.dns);
  const answers = Array.isArray(d.answers) ? d.answers.map((x) => text(object(x).rdata)).filter(Boolean) : [];
  return {
    source_type: "dns",
    event_type: d.type === "answer" ? "dns_answer" : "dns_query",
    query: text(d.rrname),
    query_type: text(d.rrtype),
    response: answers.join(",") || text(d.rdata),
    response_code: text(d.rcode),
  };
}

function http(eve: Json): DecodedFields {
  const h = object(eve.http);
  const host = text(h.hostname);
  const path = text(h.url);
  return {
    source_type: "proxy",
    event_type: "http_request",
    url: host && path?.startsWith("/") ? `${host}${path}` : path,
    method: text(h.http_method),
    status_code: toCount(text(h.status)),
    user_agent: text(h.http_user_agent),
    content_type: text(h.http_content_type),
    bytes_transferred: toCount(text(h.length)),
  };
}

function flow(eve: Json): DecodedFields {
  const f = object(eve.flow ?? eve.netflow);
  return {
    source_type: "network",
    event_type: String(eve.event_type),
    bytes_sent: toCount(text(f.bytes_toserver ?? f.bytes)),
    bytes_received: toCount(text(f.bytes_toclient)),
  };
}

function fileinfo(eve: Json): DecodedFields {
  const f = object(eve.fileinfo);
  return {
    source_type: "network",
    event_type: "file_transfer",
    file_path: text(f.filename),
    bytes_transferred: toCount(text(f.size)),
  };
}

/** Decoders by EVE `event_type`; other types become network events named after their type. */
const BY_TYPE: Record<string, (eve: Json) => DecodedFields> = {
  alert,
  dns,
  http,
  flow,
  netflow: flow,
  fileinfo,
};

/** Suricata EVE JSON records (alerts, dns, http, flows, files), bare or inside syslog. */
export const suricataDecoder: Decoder = {
  name: "suricata",
  matches: (parsed) =>
    typeof parsed.json?.event_type === "string" && ("src_ip" in parsed.json || "flow_id" in parsed.json),
  decode(parsed) {
    const eve = parsed.json!;
    const type = String(eve.event_type);
    const fields = BY_TYPE[type]?.(eve) ?? { source_type: "network", event_type: type };
    const stamp = text(eve.timestamp);
    return {
      source_ip: ipOrNull(text(eve.src_ip)),
      dest_ip: ipOrNull(text(eve.dest_ip)),
      source_port: toPort(text(eve.src_port)),
      dest_port: toPort(text(eve.dest_port)),
      protocol: protocolName(text(eve.proto)),
      ...(stamp ? { timestamp: readTimestamp(stamp, new Date())?.iso ?? undefined } : {}),
      ...fields,
      metadata: {
        flow_id: eve.flow_id ?? null,
        app_proto: eve.app_proto ?? null,
        in_iface: eve.in_iface ?? null,
      },
    };
  },
};
