import type { DecodedFields } from "../types.ts";
import type { AsaPattern, Groups } from "./cisco-asa-text.ts";
import { ipOrNull, toCount } from "./fields.ts";

/* Cisco ASA remote-access VPN sessions (AnyConnect, clientless WebVPN): who logged on, from where, and when they left. */

/** "Group <policy> User <name> IP <address>", with or without the angle brackets older releases leave out. */
const WHO = "Group <?(?<group>[^>]*?)>? User <?(?<user>[^>]*?)>? IP <?(?<aIp>[^>\\s]+)>?";

const session =
  (event_type: "login_success" | "logout", tunnel: string) =>
  (g: Groups): DecodedFields => ({
    source_type: "auth",
    event_type,
    result: "success",
    service: "vpn",
    username: g.user || null,
    tunnel_type: tunnel,
    failure_reason: null,
    metadata: { group_policy: g.group || null, ...(g.reason ? { reason: g.reason.trim() } : {}) },
  });

/**
 * One logon writes several lines (113039 or 716001, then 722022, 722051…): only the session start counts as the
 * logon, so a user's logons are counted once; the address assignment keeps the inside address for pivots.
 */
export const VPN_PATTERNS: readonly AsaPattern[] = [
  {
    ids: ["113039"],
    re: new RegExp(`^${WHO} AnyConnect parent session started`),
    event: session("login_success", "anyconnect"),
  },
  {
    ids: ["716001"],
    re: new RegExp(`^${WHO} WebVPN session started`),
    event: session("login_success", "webvpn"),
  },
  {
    ids: ["716002"],
    re: new RegExp(`^${WHO} WebVPN session terminated:? (?<reason>[^.]*)`),
    event: session("logout", "webvpn"),
  },
  {
    ids: ["722051"],
    re: new RegExp(`^${WHO} IPv4 Address <?(?<inside>[\\d.]+)>?`),
    event: (g) => ({
      source_type: "firewall",
      event_type: "vpn_address_assigned",
      service: "vpn",
      username: g.user || null,
      metadata: { group_policy: g.group || null, assigned_ip: ipOrNull(g.inside) },
    }),
  },
  {
    ids: ["113019"],
    re: /^Group = (?<group>[^,]*), Username = (?<user>[^,]*), IP = (?<aIp>[^,]+), Session disconnected\. Session Type: (?<kind>[^,]+), Duration: (?<duration>[^,]+), Bytes xmt: (?<xmt>\d+), Bytes rcv: (?<rcv>\d+), Reason: (?<reason>.*)$/,
    event: (g) => {
      const base = session("logout", g.kind!.trim().toLowerCase())(g);
      return {
        ...base,
        metadata: {
          ...(base.metadata as object),
          duration: g.duration,
          bytes_sent: toCount(g.xmt),
          bytes_received: toCount(g.rcv),
        },
      };
    },
  },
];
