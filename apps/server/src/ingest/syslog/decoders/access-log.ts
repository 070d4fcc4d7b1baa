import { readTimestamp } from "../parse/timestamp.ts";
import type { Decoder } from "../types.ts";
import { ipOrNull, present, toCount } from "./fields.ts";
import { webAttackFields, webAttackOf } from "./web-attacks.ts";

// client [proxy…] ident user [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.1" 200 2326 ["referer" "agent"]
// Apache and nginx escape quotes inside the quoted fields as \".
const QUOTED = (name: string) => `"(?<${name}>(?:[^"\\\\]|\\\\.)*)"`;
const ACCESS_RE = new RegExp(
  `^(?<client>\\S+)(?<between>(?: \\S+)*?) \\[(?<time>\\d{1,2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2}(?: [+-]\\d{4})?)\\] ${QUOTED("request")} (?<status>\\d{3}) (?<bytes>\\d+|-)(?: ${QUOTED("referer")} +${QUOTED("agent")})?`,
);
const REQUEST_RE = /^(?<method>[A-Z]+) (?<url>\S+)(?: HTTP\/[\d.]+)?$/;
const WEB_PROGRAMS = new Set(["nginx", "apache", "apache2", "httpd", "lighttpd", "haproxy"]);
const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

/** "10/Oct/2000:13:55:36 -0700" as an ISO timestamp. */
function clfTime(value: string): string | null {
  const m = /^(\d{1,2})\/(\w{3})\/(\d{4}):(\d{2}:\d{2}:\d{2})(?: ([+-]\d{2})(\d{2}))?$/.exec(value);
  const month = m ? MONTHS.indexOf(m[2]!) / 3 + 1 : 0;
  if (!m || month < 1) return null;
  const iso = `${m[3]}-${String(month).padStart(2, "0")}-${m[1]!.padStart(2, "0")} ${m[4]}${m[5] ? `${m[5]}${m[6]}` : ""}`;
  return readTimestamp(iso, new Date())?.iso ?? null;
}

/** nginx / Apache access lines in the common and combined formats (also behind a syslog header); attacks typed. */
export const accessLogDecoder: Decoder = {
  name: "access-log",
  matches: (parsed) => WEB_PROGRAMS.has(parsed.program ?? "") || parsed.message.includes('] "'),
  decode(parsed) {
    const g = ACCESS_RE.exec(parsed.message)?.groups;
    if (!g) return null;
    const request = REQUEST_RE.exec(g.request!)?.groups;
    const between = g.between!.trim().split(" ");
    const stamp = clfTime(g.time!);
    const url = request?.url ?? present(g.request);
    const status = Number(g.status);
    const attack = webAttackOf(url, present(g.agent));
    return {
      source_type: "proxy",
      event_type: "http_request",
      // Apache's vhost_combined puts "host:port" before the client address.
      source_ip: ipOrNull(g.client) ?? ipOrNull(between[0]),
      username: present(between[between.length - 1]),
      url,
      method: request?.method ?? null,
      status_code: status,
      user_agent: present(g.agent),
      content_type: null,
      bytes_transferred: toCount(g.bytes),
      ...(stamp ? { timestamp: stamp } : {}),
      metadata: { referer: present(g.referer) },
      ...(attack ? webAttackFields(attack, status) : {}),
    };
  },
};
