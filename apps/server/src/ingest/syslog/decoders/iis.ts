import type { Decoder } from "../types.ts";
import { ipOrNull, present, toCount } from "./fields.ts";
import { webAttackFields, webAttackOf } from "./web-attacks.ts";

// W3C extended log: date time [s-sitename s-computername] s-ip cs-method cs-uri-stem cs-uri-query … sc-status
// sc-substatus sc-win32-status [bytes…] time-taken. The fields between the query and the status depend on the site's
// logging settings, so they are read by shape: the first address is the client, the token after it its user agent.
const W3C_RE =
  /^(?<date>\d{4}-\d{2}-\d{2}) (?<time>\d{2}:\d{2}:\d{2}) (?:(?<site>W3SVC\d*) (?<computer>\S+) )?(?:(?<sip>\S+) )?(?<method>GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|TRACE|PROPFIND|CONNECT) (?<stem>\/\S*) (?<query>\S+) (?<rest>.*?)(?<status>[1-5]\d{2}) \d+ \d+(?: \d+)*\s*$/;

function clientOf(rest: string): { ip: string | null; agent: string | null } {
  const tokens = rest.trim().split(" ");
  const at = tokens.findIndex((token) => ipOrNull(token) !== null);
  if (at === -1) return { ip: null, agent: null };
  return { ip: ipOrNull(tokens[at]), agent: present(tokens[at + 1]?.replace(/\+/g, " ")) };
}

/** Microsoft IIS W3C extended access lines (the log file, or forwarded by an agent): requests and web attacks. */
export const iisDecoder: Decoder = {
  name: "iis",
  matches: (parsed) =>
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /.test(parsed.message) || /^\d{4}-\d{2}-\d{2} /.test(parsed.raw),
  decode(parsed) {
    const forwarded = W3C_RE.exec(parsed.message)?.groups;
    const g = forwarded ?? W3C_RE.exec(parsed.raw)?.groups;
    if (!g) return null;
    const query = present(g.query);
    const url = query ? `${g.stem}?${query}` : g.stem!;
    const { ip, agent } = clientOf(g.rest!);
    const status = toCount(g.status);
    const attack = webAttackOf(url, agent);
    return {
      source_type: "proxy",
      event_type: "http_request",
      source_ip: ip,
      url,
      method: g.method,
      status_code: status,
      user_agent: agent,
      // The server: its name when logged, else the forwarding agent's host, else the address it served on.
      hostname: present(g.computer) ?? (forwarded ? parsed.hostname : present(g.sip)),
      // IIS logs in UTC.
      timestamp: `${g.date}T${g.time}.000Z`,
      ...(attack ? webAttackFields(attack, status) : {}),
    };
  },
};
