import type { Decoder } from "../types.ts";
import { epochTime, timestampField } from "./device-time.ts";
import { ipOrNull, present, toCount } from "./fields.ts";

// Squid's native access.log: time elapsed client result/status bytes method URL user hierarchy/peer type.
// "1140701044.525   1231 192.168.1.201 TCP_DENIED/400 1536 GET ahmet - NONE/- text/html"
const ACCESS_RE =
  /^(?<time>\d{9,10}\.\d{1,3})\s+(?<elapsed>-?\d+) (?<client>\S+) (?<result>[A-Z_]+)\/(?<status>\d{3}) (?<bytes>\d+) (?<method>[A-Za-z_-]+) (?<url>\S+)(?: (?<user>\S+))?(?: (?<hier>[A-Z_]+)\/(?<peer>\S+))?(?: (?<type>\S+))?/;

/** Squid access log lines (native format), from the file or through syslog. */
export const squidDecoder: Decoder = {
  name: "squid",
  matches: (parsed) => /^\d{9,10}\.\d{1,3}\s/.test(parsed.message),
  decode(parsed) {
    const g = ACCESS_RE.exec(parsed.message)?.groups;
    if (!g) return null;
    return {
      source_type: "proxy",
      // TCP_DENIED, TCP_DENIED_REPLY, NONE_DENIED…: refused by an http_access rule or by authentication.
      event_type: g.result!.includes("DENIED") ? "web_blocked" : "http_request",
      source_ip: ipOrNull(g.client),
      dest_ip: ipOrNull(g.peer),
      username: present(g.user),
      url: g.url!,
      method: g.method!,
      status_code: Number(g.status),
      user_agent: null,
      content_type: present(g.type),
      bytes_transferred: Number(g.bytes),
      hostname: parsed.hostname,
      ...timestampField(epochTime(g.time)),
      metadata: {
        cache_result: g.result,
        hierarchy: present(g.hier) === "NONE" ? null : present(g.hier),
        elapsed_ms: toCount(g.elapsed),
      },
    };
  },
};
