import type { Severity } from "@vigie/contracts";
import { ipOrNull, toPort } from "../../syslog/decoders/fields.ts";
import { type Json, textOf } from "../json.ts";
import type { IngestRecord, Recogniser } from "../types.ts";

/* Zeek JSON logs: one document per log line, the log named by `_path` (or `@stream` in RockNSM exports). */

/** `id_orig_h` (Kafka/RockNSM exports) is Zeek's `id.orig_h`: one spelling, the one Sigma uses. */
function zeekFields(doc: Json): Json {
  const fields: Json = {};
  for (const [key, value] of Object.entries(doc)) {
    fields[key.startsWith("id_") && key.length > 3 ? `id.${key.slice(3)}` : key] = value;
  }
  return fields;
}

// Logs guessed from their fields when the document does not name its log.
const SHAPES: [string, readonly string[]][] = [
  ["conn", ["conn_state"]],
  ["dns", ["query", "qtype_name"]],
  ["http", ["method", "uri"]],
  ["kerberos", ["request_type"]],
  ["dce_rpc", ["endpoint", "operation"]],
  ["files", ["fuid", "mime_type"]],
  ["notice", ["note"]],
  ["smb_files", ["action", "path", "name"]],
  ["smb_mapping", ["share_type"]],
  ["weird", ["name", "peer"]],
];

function logOf(doc: Json): string | null {
  const named = textOf(doc._path) ?? textOf(doc["@stream"]);
  if (named) return named;
  return SHAPES.find(([, keys]) => keys.every((key) => key in doc))?.[0] ?? null;
}

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const PE_TYPES = /^application\/(x-dosexec|x-msdownload|vnd\.microsoft\.portable-executable)$/;

/** What each log says, in contract terms; other logs are network events named after the log. */
const BY_LOG: Record<string, (f: Json) => Partial<IngestRecord>> = {
  conn: () => ({ source_type: "network", event_type: "connection" }),
  dns: () => ({ source_type: "dns", event_type: "dns_query" }),
  http: (f) => ({
    source_type: "proxy",
    event_type: "http_request",
    url: f.host && typeof f.uri === "string" ? `${f.host}${f.uri}` : f.uri,
    status_code: f.status_code,
    content_type: first(f.resp_mime_types),
    bytes_transferred: f.response_body_len,
  }),
  kerberos: (f) => ({
    source_type: "auth",
    event_type: f.success === false ? "kerberos_failure" : "kerberos_request",
    username: textOf(f.client)?.slice(0, 255) ?? null,
    service: f.service,
    result: f.success === true ? "success" : f.success === false ? "failure" : null,
    failure_reason: f.error_msg,
  }),
  dce_rpc: () => ({ source_type: "network", event_type: "dce_rpc_call" }),
  files: (f) =>
    PE_TYPES.test(String(f.mime_type ?? ""))
      ? { source_type: "network", event_type: "executable_transfer", severity: "medium" as Severity }
      : { source_type: "network", event_type: "file_transfer" },
  smb_files: (f) => ({ source_type: "network", event_type: "smb_file_access", file_path: f.name }),
  smb_mapping: () => ({ source_type: "network", event_type: "smb_share_mapped" }),
  notice: (f) => ({
    source_type: "ids",
    event_type: "zeek_notice",
    signature_name: f.note,
    severity: "low" as Severity,
  }),
  weird: () => ({ source_type: "network", event_type: "zeek_weird" }),
};

/** Zeek logs written as JSON (`LogAscii::use_json`, json-streaming-logs, or Kafka exports). */
export const zeekRecogniser: Recogniser = {
  name: "zeek",
  matches: (doc) =>
    "ts" in doc && ("uid" in doc || "fuid" in doc || "_path" in doc || doc["@proc"] === "zeek"),
  toEvent(doc) {
    const fields = zeekFields(doc);
    const log = logOf(doc) ?? "unknown";
    const specific = BY_LOG[log]?.(fields) ?? { source_type: "network", event_type: `zeek_${log}` };
    const message = textOf(doc.msg) ?? `zeek ${log}${summary(fields)}`;
    const record: IngestRecord = {
      source_type: "network",
      source_ip: ipOrNull(textOf(fields["id.orig_h"]) ?? textOf(first(doc.tx_hosts))),
      dest_ip: ipOrNull(textOf(fields["id.resp_h"]) ?? textOf(first(doc.rx_hosts))),
      source_port: toPort(textOf(fields["id.orig_p"])),
      dest_port: toPort(textOf(fields["id.resp_p"])),
      timestamp: typeof doc.ts === "number" || typeof doc.ts === "string" ? doc.ts : null,
      hostname: textOf(doc["@system"])?.slice(0, 255) ?? null,
      message,
      ...specific,
      metadata: { format: "zeek", zeek_log: log },
      source_fields: { ...fields, _path: log },
    };
    return { ok: true, record };
  },
};

const SUMMARY = [
  "query",
  "method",
  "host",
  "uri",
  "endpoint",
  "operation",
  "filename",
  "mime_type",
  "name",
  "path",
];

function summary(fields: Json): string {
  const parts = SUMMARY.map((key) => textOf(fields[key])).filter((v): v is string => !!v);
  return parts.length ? ` ${parts.join(" ").slice(0, 500)}` : "";
}
