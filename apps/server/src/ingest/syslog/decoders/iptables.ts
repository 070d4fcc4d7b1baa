import type { Decoder } from "../types.ts";
import { firewallAction, ipOrNull, present, protocolName, toPort } from "./fields.ts";

// "[4475569.016000] " kernel uptime stamps before the log prefix.
const UPTIME_RE = /^\[\s*\d+\.\d+\]\s*/;
const FIELD_RE = /\b([A-Z]+)=(\S*)/g;
const PREFIX_VERDICT_RE = /(DROP|REJECT|BLOCK|DENY|ACCEPT|ALLOW|PASS)/i;

/** The first value of each KEY=VALUE (ICMP repeats ID= and LEN= for the inner header; the outer one counts). */
function readFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of text.matchAll(FIELD_RE)) fields[m[1]!] ??= m[2]!;
  return fields;
}

/** Linux netfilter LOG/NFLOG lines (`IN= OUT= SRC= DST= PROTO= SPT= DPT=`), UFW and OpenWRT prefixes included. */
export const iptablesDecoder: Decoder = {
  name: "iptables",
  matches: (parsed) => parsed.message.includes("SRC=") && parsed.message.includes("IN="),
  decode(parsed) {
    const text = parsed.message.replace(UPTIME_RE, "");
    const inAt = text.search(/IN=/);
    if (inAt === -1) return null;
    const fields = readFields(text.slice(inAt));
    const prefix = text.slice(0, inAt).trim() || null;
    const action = firewallAction(prefix ? PREFIX_VERDICT_RE.exec(prefix)?.[1] : null);
    const event_type =
      action === "deny" ? "firewall_deny" : action === "allow" ? "firewall_allow" : "firewall_log";
    return {
      source_type: "firewall",
      event_type,
      action,
      source_ip: ipOrNull(fields.SRC),
      dest_ip: ipOrNull(fields.DST),
      source_port: toPort(fields.SPT),
      dest_port: toPort(fields.DPT),
      protocol: protocolName(fields.PROTO),
      rule_name: prefix,
      bytes_sent: null,
      bytes_received: null,
      metadata: {
        in_interface: present(fields.IN),
        out_interface: present(fields.OUT),
        packet_length: fields.LEN ?? null,
      },
    };
  },
};
