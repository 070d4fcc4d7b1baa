import type { SourceType } from "@vigie/contracts";
import type { DecodedFields } from "../types.ts";
import { ANY, type AsaPattern, FROM_TO, type Groups } from "./cisco-asa-text.ts";

/* Cisco ASA messages about attacks, threat detection and the firewall's own health (failover, resources). */

const attack =
  (signature: string, classification = "network-attack") =>
  (g: Groups): DecodedFields => ({
    source_type: "ids",
    event_type: "ids_alert",
    signature_name: g.what?.trim() || signature,
    classification,
    action: "deny",
  });
const typed =
  (source_type: SourceType, event_type: string) =>
  (g: Groups): DecodedFields => ({ source_type, event_type, reason: g.what?.trim() ?? null });

/** Attacks the ASA itself recognises and drops (spoofing, land, teardrop, threat detection, IPS module). */
export const ATTACK_PATTERNS: readonly AsaPattern[] = [
  {
    ids: ["106016"],
    re: /^Deny IP spoof from \(?(?<aIp>[^)\s]+)\)? to (?<bIp>[^\s]+?)(?: |$)/,
    event: attack("IP spoofing"),
  },
  { ids: ["106017"], re: new RegExp(`^Deny IP due to Land Attack ${FROM_TO}`), event: attack("Land attack") },
  { ids: ["106020"], re: new RegExp(`^Deny IP teardrop fragment.*? ${FROM_TO}`), event: attack("Teardrop") },
  {
    ids: ["106021"],
    re: new RegExp(`^Deny \\w+ reverse path check ${FROM_TO}`),
    event: attack("Reverse path check failed (spoofed source)"),
  },
  {
    ids: ["106022"],
    re: new RegExp(`^Deny \\w+ connection spoof ${FROM_TO}`),
    event: attack("Connection spoofing"),
  },
  {
    ids: ["400000", "400010", "400013", "400023", "400024", "400025", "400026", "400032", "400041", "400050"],
    re: /^IPS:\d+ (?<what>.*?) from (?<aIp>[\d.a-fA-F:]+) to (?<bIp>[\d.a-fA-F:]+)/,
    event: attack("IPS signature", "ips-signature"),
  },
  {
    ids: ["733100"],
    re: /^(?:\[\s*(?<what>[^\]]+?)\s*\]|Object) drop rate/,
    event: attack("Threat detection: drop rate exceeded", "threat-detection"),
  },
  {
    ids: ["733101"],
    re: /^(?:Host|Subnet) (?<aIp>[\d.a-fA-F:]+)(?:\/\d+)? is (?<what>attacking|targeted)/,
    event: (g) => ({
      ...attack("Threat detection", "threat-detection")({}),
      signature_name: g.what === "attacking" ? "Host is attacking" : "Host is targeted",
    }),
  },
  {
    ids: ["733102"],
    re: /^Threat-detection adds host (?<aIp>[\d.a-fA-F:]+) to shun list/,
    event: attack("Threat detection shunned an attacker", "threat-detection"),
  },
  {
    ids: ["338202", "338204"],
    re: new RegExp(`^Dynamic Filter monitored (?<what>\\w+) .*?${FROM_TO}`),
    event: (g) => ({
      ...attack("Botnet traffic filter", "botnet-filter")({}),
      signature_name: `Botnet traffic filter: ${g.what} address`,
      action: "allow",
    }),
  },
  {
    ids: ["401004"],
    re: /^Shunned packet: (?<aIp>\S+) ==?>? ?(?<bIp>\S+)/,
    event: typed("firewall", "shunned_packet"),
  },
  { ids: ["405001"], re: /collision from (?<aIp>[\d.]+)\//, event: typed("network", "address_collision") },
  {
    ids: ["405002", "405003"],
    re: /collision detected between host (?<aIp>[\d.]+)/,
    event: typed("network", "address_collision"),
  },
  {
    ids: ["710004"],
    re: new RegExp(`connection limit exceeded ${FROM_TO}`),
    event: typed("firewall", "connection_limit_exceeded"),
  },
  {
    ids: ["500003", "500004", "313005", "313009"],
    re: new RegExp(`^(?<what>[^:(]+?)[:(.,](?:.*? ${FROM_TO})?`),
    event: typed("firewall", "packet_anomaly"),
  },
  {
    ids: ["209005"],
    re: /^(?<what>[^:]+?):\s+src = (?<aIp>[\d.a-fA-F:]+), dest = (?<bIp>[\d.a-fA-F:]+)/,
    event: typed("firewall", "packet_anomaly"),
  },
];

/** The firewall's health: failover, exhausted resources, the modules and the licence. */
export const HEALTH_PATTERNS: readonly AsaPattern[] = [
  {
    ids: ["101001", "101002", "101003", "101004", "101005", "102001", "103001", "103002", "103003", "103004"],
    re: ANY,
    event: typed("firewall", "failover_event"),
  },
  {
    ids: ["104001", "104002", "104003", "104004", "105005", "105008", "105009", "105043"],
    re: /(?<what>.*)/,
    event: typed("firewall", "failover_event"),
  },
  {
    ids: ["201008", "201009", "202010", "106101", "321006", "747011", "211001", "211003"],
    re: /^(?<what>.*?)(?: from \S+)?$/,
    event: typed("firewall", "service_degraded"),
  },
  {
    ids: ["505002", "505015", "323006", "338309", "338310", "338302", "338303", "444005", "711004"],
    re: /(?<what>.*)/,
    event: typed("firewall", "system_event"),
  },
  {
    ids: ["411001", "718060", "718062", "771002", "609001", "409023"],
    re: /(?<what>.*)/,
    event: typed("firewall", "system_event"),
  },
];
