import type { DecodedFields, Decoder, VendorPayload } from "../types.ts";
import { firewallAction, ipOrNull, present, protocolName, toCount, toPort } from "./fields.ts";

type Fields = Record<string, string>;

/** The first present value among CEF and LEEF synonyms. */
const pick = (f: Fields, ...keys: string[]) => {
  for (const key of keys) {
    const value = present(f[key]);
    if (value) return value;
  }
  return null;
};

const AUTH_RE = /log ?[io]n|authenticat|password/i;
const FAILED_RE = /fail|denied|reject|invalid|bad/i;

/** Picks our source type from what the event carries; first matching rule wins, a security alert otherwise. */
const KINDS: readonly [
  (f: Fields, p: VendorPayload) => boolean,
  (f: Fields, p: VendorPayload) => DecodedFields,
][] = [
  [
    (f, p) => AUTH_RE.test(`${p.name ?? ""} ${f.cat ?? f.Cat ?? ""}`),
    (f, p) => {
      const failed = FAILED_RE.test(
        `${p.name ?? ""} ${f.outcome ?? ""} ${f.act ?? ""} ${f.cat ?? f.Cat ?? ""}`,
      );
      return {
        source_type: "auth",
        event_type: failed ? "login_failure" : "login_success",
        result: failed ? "failure" : "success",
      };
    },
  ],
  [
    (f) => !!(f.request || f.requestMethod || f.url),
    (f) => ({
      source_type: "proxy",
      event_type: "http_request",
      url: pick(f, "request", "url"),
      method: pick(f, "requestMethod", "method"),
      user_agent: pick(f, "requestClientApplication", "userAgent"),
      status_code: toCount(pick(f, "status", "statusCode")),
    }),
  ],
  [
    (f) => !!(f.fname || f.filePath || f.sproc || f.dproc || f.deviceProcessName),
    (f) => ({
      source_type: "endpoint",
      event_type: "endpoint_alert",
      file_path: pick(f, "filePath", "fname"),
      process_name: pick(f, "sproc", "dproc", "deviceProcessName", "fname"),
      command_line: pick(f, "pParams", "cmd", "commandLine"),
    }),
  ],
  [
    (f) => firewallAction(f.act ?? f.action) !== null && !!(f.dpt || f.dstPort),
    (f) => {
      const action = firewallAction(f.act ?? f.action);
      return {
        source_type: "firewall",
        event_type: action === "deny" ? "firewall_deny" : "firewall_allow",
        action,
      };
    },
  ],
  [() => true, () => ({ source_type: "ids", event_type: "ids_alert" })],
];

function eventTime(f: Fields): string | null {
  const value = pick(f, "rt", "devTime", "end", "start");
  if (!value || !/^\d{12,13}$/.test(value)) return null;
  return new Date(Number(value)).toISOString();
}

/** CEF and LEEF events from any vendor, through their standard keys (src, dst, spt, dpt, suser, act, proto…). */
export const vendorDecoder: Decoder = {
  name: "cef-leef",
  matches: (parsed) => parsed.vendor !== null,
  decode(parsed) {
    const p = parsed.vendor!;
    const f = p.fields;
    const kind = KINDS.find(([test]) => test(f, p))![1](f, p);
    const time = eventTime(f);
    return {
      source_ip: ipOrNull(pick(f, "src", "sourceAddress", "srcPreNAT")),
      dest_ip: ipOrNull(pick(f, "dst", "destinationAddress", "dstPreNAT")),
      source_port: toPort(pick(f, "spt", "srcPort")),
      dest_port: toPort(pick(f, "dpt", "dstPort")),
      username: pick(f, "suser", "usrName", "userName", "duser"),
      hostname: pick(f, "dvchost", "dhost", "shost", "identHostName") ?? parsed.hostname,
      protocol: protocolName(pick(f, "proto")),
      message: pick(f, "msg") ?? p.name ?? parsed.message,
      signature_id: p.eventId,
      signature_name: p.name ?? pick(f, "cat", "Cat"),
      classification: pick(f, "cat", "Cat"),
      bytes_sent: toCount(pick(f, "out", "srcBytes")),
      bytes_received: toCount(pick(f, "in", "dstBytes")),
      ...kind,
      ...(p.severity ? { severity: p.severity } : {}),
      ...(time ? { timestamp: time } : {}),
      metadata: {
        vendor_format: p.kind,
        vendor: p.vendor,
        product: p.product,
        product_version: p.productVersion,
        vendor_fields: f,
      },
    };
  },
};
