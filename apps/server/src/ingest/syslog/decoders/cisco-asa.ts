import type { Severity } from "@vigie/contracts";
import type { DecodedFields, Decoder } from "../types.ts";
import { type AsaPattern, END, FROM_TO, type Groups } from "./cisco-asa-text.ts";
import { ATTACK_PATTERNS, HEALTH_PATTERNS } from "./cisco-asa-threats.ts";
import { VPN_PATTERNS } from "./cisco-asa-vpn.ts";
import { ipOrNull, toCount, toPort } from "./fields.ts";

// The ASA's own level (0 emergencies … 7 debugging) rates the attacks it reports.
const ATTACK_SEVERITY: readonly Severity[] = [
  "critical",
  "critical",
  "high",
  "medium",
  "medium",
  "low",
  "low",
  "low",
];

const MNEMONIC_RE = /%(?:ASA|FTD|PIX|FWSM)-(\d)-(\d{6}):? ?(.*)$/;
const firewall = (action: "allow" | "deny", event_type?: string) => (): DecodedFields => ({
  source_type: "firewall",
  event_type: event_type ?? (action === "deny" ? "firewall_deny" : "firewall_allow"),
  action,
});
const auth =
  (event_type: string) =>
  (g: Groups): DecodedFields => ({
    source_type: "auth",
    event_type,
    result: event_type === "login_failure" ? "failure" : "success",
    username: g.user ?? null,
    failure_reason: g.reason ?? null,
  });

const ACCOUNT_EVENTS: Record<string, string> = {
  "New user added": "user_created",
  "User deleted": "user_deleted",
  "User priv level changed": "privilege_change",
};

const CONNECTION_PATTERNS: readonly AsaPattern[] = [
  {
    ids: ["302013", "302015", "302020"],
    re: new RegExp(
      `^Built (?<dir>inbound|outbound) (?<proto>\\w+) connection \\S+ for ${END("a")}(?: \\([^)]*\\))? to ${END("b")}`,
    ),
    event: firewall("allow", "connection_built"),
  },
  {
    ids: ["302014", "302016", "302021", "302018", "302023"],
    re: new RegExp(
      `^Teardown (?:stub )?(?<proto>\\w+) connection (?:\\d+ )?(?:for|from) ${END("a")}(?: \\([^)]*\\))? to ${END("b")}.*?(?: bytes (?<bytes>\\d+))?(?: (?<reason>[A-Z][\\w -]+))?$`,
    ),
    event: (g) => ({
      ...firewall("allow", "connection_teardown")(),
      metadata: { bytes_total: toCount(g.bytes), teardown_reason: g.reason ?? null },
    }),
  },
  {
    ids: ["106023"],
    re: new RegExp(
      `^Deny (?<proto>\\w+) src ${END("a")} dst ${END("b")}.*? by access-group "(?<rule>[^"]+)"`,
    ),
    event: firewall("deny"),
  },
  {
    ids: ["106100"],
    re: /^access-list (?<rule>\S+) (?<verdict>permitted|denied|est-allowed) (?<proto>\w+) (?<aIf>[\w.-]+)\/(?<aIp>[\d.a-fA-F:]+)\((?<aPort>\d+)\) -> (?<bIf>[\w.-]+)\/(?<bIp>[\d.a-fA-F:]+)\((?<bPort>\d+)\)/,
    event: (g) => firewall(g.verdict === "denied" ? "deny" : "allow")(),
  },
  {
    ids: [
      ...["106001", "106006", "106007", "106010", "106014", "106015", "108004", "313004", "338008"],
      ...["410001", "418001", "420002", "421001", "434002", "710003"],
    ],
    re: new RegExp(FROM_TO),
    event: firewall("deny"),
  },
  { ids: ["421002", "421007"], re: new RegExp(FROM_TO), event: firewall("allow") },
  {
    ids: ["305011", "305012"],
    re: new RegExp(`^(?<what>Built|Teardown) \\w+ (?<proto>\\w+) translation ${FROM_TO}`),
    event: (g) => ({ source_type: "firewall", event_type: "nat_translation", action: g.what!.toLowerCase() }),
  },
  {
    ids: ["603108", "603109"],
    re: /^(?<what>Built|Teardown) (?<kind>\w+) Tunnel .*?remote-peer = (?<aIp>[\d.a-fA-F:]+)(?:.*?username = (?<user>[^,\s]+))?/,
    event: (g) => ({
      source_type: "firewall",
      event_type: g.what === "Built" ? "vpn_tunnel_up" : "vpn_tunnel_down",
      username: g.user ?? null,
      tunnel_type: g.kind!.toLowerCase(),
    }),
  },
  {
    ids: ["419002"],
    re: new RegExp(FROM_TO),
    event: () => ({ source_type: "firewall", event_type: "tcp_anomaly" }),
  },
  {
    ids: ["304001"],
    re: /^(?<aIp>\S+) Accessed URL (?<bIp>[\d.]+):(?<url>\S+)/,
    event: (g) => ({ source_type: "proxy", event_type: "http_request", url: g.url }),
  },
  {
    ids: ["304002"],
    re: /^Access denied URL (?<url>\S+) SRC (?<aIp>\S+) DEST (?<bIp>\S+)/,
    event: (g) => ({ source_type: "proxy", event_type: "web_blocked", url: g.url }),
  },
  {
    ids: ["113006"],
    re: /^User (?<user>\S+) locked out/,
    event: (g) => ({ ...auth("account_locked")(g), result: "failure" }),
  },
  { ids: ["308001"], re: /password incorrect .*?\(from (?<aIp>[^)]+)\)/, event: auth("login_failure") },
  {
    ids: ["502101", "502102", "502103"],
    re: /^(?<what>New user added|User deleted|User priv level changed).*?Uname: (?<user>\S+)/,
    event: (g) => ({
      source_type: "auth",
      event_type: ACCOUNT_EVENTS[g.what!] ?? "account_change",
      username: g.user,
    }),
  },
  {
    ids: ["111001", "111002", "111003", "111004", "111005", "111007"],
    re: /(?<aIp>\d{1,3}(?:\.\d{1,3}){3})(?<erase> Erase configuration)?/,
    event: (g) => ({
      source_type: "application",
      event_type: "config_change",
      change: g.erase ? "configuration erased" : "configuration written",
    }),
  },
  {
    ids: ["113005", "113015"],
    re: /Rejected ?: reason = (?<reason>[^:]+).*?[Uu]ser = (?<user>[^:\s]+)(?:: user IP = (?<aIp>\S+))?/,
    event: auth("login_failure"),
  },
  {
    ids: ["113004"],
    re: /Successful ?: server = \S+? ?,? ?[Uu]ser = (?<user>\S+)/,
    event: auth("login_success"),
  },
  {
    ids: ["113012"],
    re: /Successful ?: local database ?: [Uu]ser = (?<user>\S+)/,
    event: auth("login_success"),
  },
  {
    ids: ["605004"],
    re: new RegExp(`^Login denied from ${END("a")} to ${END("b")}.*? for user "(?<user>[^"]*)"`),
    event: auth("login_failure"),
  },
  {
    ids: ["605005"],
    re: new RegExp(`^Login permitted from ${END("a")} to ${END("b")}.*? for user "(?<user>[^"]*)"`),
    event: auth("login_success"),
  },
  { ids: ["611103"], re: /^User logged out: Uname: (?<user>\S+)/, event: auth("logout") },
  {
    ids: ["111008", "111009", "111010"],
    re: /^User '?(?<user>[^' ]+)'?,? .*?executed (?:the )?'?(?<command>[^']+)'?/,
    event: (g): DecodedFields => ({
      source_type: "endpoint",
      event_type: "admin_command",
      username: g.user,
      command_line: g.command,
    }),
  },
];

// Most specific first: the connection families and VPN sessions, then attacks, then the firewall's own health.
const PATTERNS: readonly AsaPattern[] = [
  ...CONNECTION_PATTERNS,
  ...VPN_PATTERNS,
  ...ATTACK_PATTERNS,
  ...HEALTH_PATTERNS,
];

function addresses(g: Groups, swap: boolean): DecodedFields {
  const [src, dst] = swap ? ["b", "a"] : ["a", "b"];
  return {
    source_ip: ipOrNull(g[`${src}Ip`]),
    source_port: toPort(g[`${src}Port`]),
    dest_ip: ipOrNull(g[`${dst}Ip`]),
    dest_port: toPort(g[`${dst}Port`]),
  };
}

/**
 * Cisco ASA / FTD messages: connections built and torn down, ACL denies, AAA and admin logins, attacks and threat
 * detection, failover and the device's health.
 */
export const ciscoAsaDecoder: Decoder = {
  name: "cisco-asa",
  matches: (parsed) => /%(?:ASA|FTD|PIX|FWSM)-\d-\d{6}/.test(parsed.message),
  decode(parsed) {
    const m = MNEMONIC_RE.exec(parsed.message);
    if (!m) return null;
    const [, level, id, text] = m as unknown as [string, string, string, string];
    const pattern = PATTERNS.find((p) => p.ids.includes(id));
    const g = pattern?.re.exec(text)?.groups ?? null;
    if (!pattern || !g) return null;
    const decoded = pattern.event(g);
    const rated = decoded.event_type === "ids_alert" ? { severity: ATTACK_SEVERITY[Number(level)] } : {};
    return {
      ...addresses(g, g.dir === "outbound"),
      protocol: g.proto?.toLowerCase() ?? null,
      rule_name: g.rule ?? null,
      ...rated,
      ...decoded,
      metadata: { asa_message_id: id, asa_level: Number(level), ...(decoded.metadata as object | undefined) },
    };
  },
};
