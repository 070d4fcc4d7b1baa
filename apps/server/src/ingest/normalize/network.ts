import { defineNormalizer } from "./fields.ts";

/** Flows and sessions (NetFlow, Zeek conn.log, Suricata `flow`/`netflow`): protocol, volume, path. */
export const networkNormalizer = defineNormalizer({
  protocol: { kind: "text", aliases: ["proto", "transport", "network.transport"] },
  bytes_sent: {
    kind: "number",
    aliases: [
      "bytes_out",
      "sent_bytes",
      "orig_bytes",
      "flow.bytes_toserver",
      "netflow.bytes",
      "source.bytes",
    ],
  },
  bytes_received: {
    kind: "number",
    aliases: ["bytes_in", "received_bytes", "resp_bytes", "flow.bytes_toclient", "destination.bytes"],
  },
  packets: { kind: "number", aliases: ["pkts", "packet_count", "netflow.pkts", "network.packets"] },
  interface: {
    kind: "text",
    aliases: ["iface", "in_iface", "interface_name", "observer.ingress.interface.name"],
  },
  direction: { kind: "text", aliases: ["dir", "flow_direction", "network.direction"] },
});
