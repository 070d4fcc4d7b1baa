import { ephemeralPort, externalIp, scannerIp, serviceIp, workstation } from "../sites.ts";
import { syslogLine } from "./raw.ts";
import type { EventTemplate, TemplateContext } from "./types.ts";

const OUTBOUND_PORTS = [443, 443, 443, 80, 53, 123, 993, 587] as const;
const PROBED_PORTS = [22, 23, 445, 3389, 8080, 5900, 1433, 8443] as const;

function iptables(ctx: TemplateContext, verdict: string, src: string, dst: string, spt: number, dpt: number) {
  const text = `${verdict} IN=eth0 OUT=eth1 SRC=${src} DST=${dst} LEN=60 TTL=52 PROTO=TCP SPT=${spt} DPT=${dpt} SYN`;
  return syslogLine(ctx.time, ctx.site.firewall.hostname, "kernel", null, text);
}

/** Perimeter firewall: mostly allowed outbound traffic, a steady trickle of dropped internet probes. */
export const firewallTemplates: EventTemplate[] = [
  {
    weight: 62,
    build(ctx) {
      const host = workstation(ctx.rng, ctx.site);
      const [dest, sport, dport] = [serviceIp(ctx.rng), ephemeralPort(ctx.rng), ctx.rng.pick(OUTBOUND_PORTS)];
      return {
        event_type: "connection_allowed",
        severity: "info",
        message: `Outbound TCP ${host.ip}:${sport} -> ${dest}:${dport} accepted`,
        raw_log: iptables(ctx, "ACCEPT", host.ip, dest, sport, dport),
        source_ip: host.ip,
        dest_ip: dest,
        source_port: sport,
        dest_port: dport,
        hostname: ctx.site.firewall.hostname,
        action: "accept",
        protocol: "tcp",
        rule_name: "LAN_TO_WAN",
        bytes_sent: ctx.rng.int(400, 90_000),
        bytes_received: ctx.rng.int(800, 2_500_000),
      };
    },
  },
  {
    weight: 38,
    build(ctx) {
      const [src, sport, dport] = [
        scannerIp(ctx.rng, ctx.site),
        ephemeralPort(ctx.rng),
        ctx.rng.pick(PROBED_PORTS),
      ];
      const dest = ctx.site.server.ip;
      return {
        event_type: "firewall_deny",
        severity: "medium",
        message: `Inbound TCP ${src}:${sport} -> ${dest}:${dport} dropped by WAN_IN_DEFAULT_DROP`,
        raw_log: iptables(ctx, "DROP", src, dest, sport, dport),
        source_ip: src,
        dest_ip: dest,
        source_port: sport,
        dest_port: dport,
        hostname: ctx.site.firewall.hostname,
        action: "drop",
        protocol: "tcp",
        rule_name: "WAN_IN_DEFAULT_DROP",
      };
    },
  },
];

const IDS_SIGNATURES = [
  {
    id: 2013028,
    name: "ET POLICY curl User-Agent Outbound",
    classification: "Attempted Information Leak",
    priority: 3,
  },
  { id: 2027390, name: "ET INFO Microsoft Connection Test", classification: "Misc activity", priority: 3 },
  {
    id: 2010937,
    name: "ET SCAN Suspicious inbound to mySQL port 3306",
    classification: "Potentially Bad Traffic",
    priority: 2,
  },
  {
    id: 2001569,
    name: "ET SCAN Behavioral Unusual Port 445 traffic",
    classification: "Potentially Bad Traffic",
    priority: 2,
  },
] as const;

/** Network IDS (Suricata-like): policy and scan signatures, fast.log style lines. */
export const idsTemplates: EventTemplate[] = [
  {
    weight: 1,
    build(ctx) {
      const sig = ctx.rng.pick(IDS_SIGNATURES);
      const [src, sport, dport] = [externalIp(ctx.rng), ephemeralPort(ctx.rng), ctx.rng.pick(PROBED_PORTS)];
      const dest = ctx.site.server.ip;
      const fast = `[**] [1:${sig.id}:3] ${sig.name} [**] [Classification: ${sig.classification}] [Priority: ${sig.priority}] {TCP} ${src}:${sport} -> ${dest}:${dport}`;
      return {
        event_type: "ids_alert",
        severity: sig.priority === 2 ? "medium" : "low",
        message: sig.name,
        raw_log: syslogLine(ctx.time, ctx.site.ids.hostname, "suricata", 1187, fast),
        source_ip: src,
        dest_ip: dest,
        source_port: sport,
        dest_port: dport,
        hostname: ctx.site.ids.hostname,
        signature_id: sig.id,
        signature_name: sig.name,
        classification: sig.classification,
        priority: sig.priority,
      };
    },
  },
];

/** Flow records from the site switch/router: who talked to whom, how much. */
export const networkTemplates: EventTemplate[] = [
  {
    weight: 1,
    build(ctx) {
      const host = workstation(ctx.rng, ctx.site);
      const dest = ctx.rng.chance(0.5) ? ctx.site.nas.ip : ctx.site.server.ip;
      const [sport, dport] = [ephemeralPort(ctx.rng), ctx.rng.pick([445, 443, 8080] as const)];
      const [packets, bytes] = [ctx.rng.int(10, 4_000), ctx.rng.int(2_000, 6_000_000)];
      return {
        event_type: "flow",
        severity: "info",
        message: `Flow ${host.ip}:${sport} -> ${dest}:${dport} ${packets} packets ${bytes} bytes`,
        raw_log: syslogLine(
          ctx.time,
          ctx.site.firewall.hostname,
          "softflowd",
          644,
          `flow src=${host.ip} dst=${dest} sport=${sport} dport=${dport} proto=6 packets=${packets} bytes=${bytes}`,
        ),
        source_ip: host.ip,
        dest_ip: dest,
        source_port: sport,
        dest_port: dport,
        hostname: host.hostname,
        protocol: "tcp",
        packets,
        bytes_sent: bytes,
      };
    },
  },
];
