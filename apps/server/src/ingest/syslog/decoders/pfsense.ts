import type { DecodedFields, Decoder } from "../types.ts";
import { firewallAction, ipOrNull, present, toPort } from "./fields.ts";

/** Column positions of the IP part of a filterlog line, by IP version (they differ between v4 and v6). */
const IP_COLUMNS = {
  "4": { protocol: 16, length: 17, src: 18, dst: 19, rest: 20 },
  "6": { protocol: 12, length: 14, src: 15, dst: 16, rest: 17 },
} as const;

function readPorts(
  protocol: string,
  cols: string[],
  at: number,
): Pick<DecodedFields, "source_port" | "dest_port"> {
  if (protocol !== "tcp" && protocol !== "udp") return { source_port: null, dest_port: null };
  return { source_port: toPort(cols[at]), dest_port: toPort(cols[at + 1]) };
}

/** pfSense / OPNsense `filterlog` CSV lines (IPv4 and IPv6; tcp, udp, icmp and others). */
export const pfsenseDecoder: Decoder = {
  name: "pfsense",
  matches: (parsed) => parsed.program === "filterlog",
  decode(parsed) {
    const cols = parsed.message.split(",");
    const layout = IP_COLUMNS[cols[8] as keyof typeof IP_COLUMNS];
    if (!layout || cols.length <= layout.dst) return null;
    const protocol = (cols[layout.protocol] ?? "").toLowerCase();
    const action = firewallAction(cols[6]);
    return {
      source_type: "firewall",
      event_type:
        action === "deny" ? "firewall_deny" : action === "allow" ? "firewall_allow" : "firewall_log",
      action,
      protocol: protocol || null,
      source_ip: ipOrNull(cols[layout.src]),
      dest_ip: ipOrNull(cols[layout.dst]),
      ...readPorts(protocol, cols, layout.rest),
      rule_name: present(cols[3]) ?? present(cols[0]),
      bytes_sent: null,
      bytes_received: null,
      metadata: {
        interface: present(cols[4]),
        direction: present(cols[7]),
        reason: present(cols[5]),
        packet_length: present(cols[layout.length]),
      },
    };
  },
};
