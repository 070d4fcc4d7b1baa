import type { DecodedFields, Decoder } from "../types.ts";
import { ctimeTime, numericTime, timestampField } from "./device-time.ts";
import { ipOrNull, present, toPort } from "./fields.ts";
import { webAttackFields } from "./web-attacks.ts";

type Groups = Record<string, string | undefined>;

/** A web server error line split into its envelope and its text. */
interface ErrorLine {
  server: "nginx" | "apache";
  time: string | null;
  level: string;
  text: string;
  client: string | null;
  metadata: Record<string, string | null>;
}

const LEVELS = "emerg|alert|crit|error|warn|notice|info|debug|trace\\d";
// nginx: "2015/01/08 11:31:23 [error] 80#2: *7 text, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1"".
// Through syslog nginx drops the date.
const NGINX_RE = new RegExp(
  `^(?:(?<date>\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}) )?\\[(?<level>${LEVELS})\\] (?<pid>\\d+)[#:]\\d+:?(?: \\*\\d+)? ?(?<text>.*)$`,
);
// Apache 2.2 "[Fri Dec 13 06:59:54 2013] [error] [client 1.2.3.4] text" and 2.4
// "[Tue Sep 30 14:25:44.895897 2014] [authz_core:error] [pid 31858:tid 3] [client 1.2.3.4:38870] AH01630: text".
const APACHE_RE = new RegExp(
  `^(?:\\[(?<date>[A-Z][a-z]{2} [A-Z][a-z]{2} {1,2}\\d{1,2} [\\d:.]+ \\d{4})\\] )?\\[(?:(?<module>[\\w-]*):)?(?<level>${LEVELS})\\] (?:\\[pid (?<pid>\\d+)[^\\]]*\\] )?(?:\\[client (?<client>[^\\]]+)\\] )?(?:(?<code>AH\\d{5}): )?(?<text>.*)$`,
);
const NGINX_CONTEXT_RE = /, (client|server|request|upstream|host|referrer): ("(?:[^"\\]|\\.)*"|[^,]*)/g;

function readNginx(message: string): ErrorLine | null {
  const g = NGINX_RE.exec(message)?.groups;
  if (!g) return null;
  const context: Record<string, string> = {};
  for (const m of g.text!.matchAll(NGINX_CONTEXT_RE)) context[m[1]!] = m[2]!.replace(/^"|"$/g, "");
  const cut = g.text!.search(/, client: /);
  return {
    server: "nginx",
    time: numericTime(g.date),
    level: g.level!,
    text: cut === -1 ? g.text! : g.text!.slice(0, cut),
    client: context.client ?? null,
    metadata: {
      pid: g.pid!,
      server_name: present(context.server),
      request: present(context.request),
      host: present(context.host),
    },
  };
}

function readApache(message: string): ErrorLine | null {
  const g = APACHE_RE.exec(message)?.groups;
  if (!g) return null;
  const referer = /, referer: (\S+)$/.exec(g.text!);
  return {
    server: "apache",
    time: ctimeTime(g.date),
    level: g.level!,
    text: referer ? g.text!.slice(0, referer.index) : g.text!,
    client: g.client ?? null,
    metadata: {
      pid: g.pid ?? null,
      module: present(g.module),
      error_code: g.code ?? null,
      referer: referer?.[1] ?? null,
    },
  };
}

/** "1.2.3.4", "1.2.3.4:5678", "2001:db8::5:5678" or "[2001:db8::5]:5678" as address and port. */
function clientAddress(client: string | null): Pick<DecodedFields, "source_ip" | "source_port"> {
  const whole = ipOrNull(client);
  if (whole || !client) return { source_ip: whole, source_port: null };
  const at = client.lastIndexOf(":");
  return {
    source_ip: ipOrNull(client.slice(0, at).replace(/^\[|\]$/g, "")),
    source_port: toPort(client.slice(at + 1)),
  };
}

/** Method and URL of nginx's `request: "GET /x HTTP/1.1"`. */
function request(line: ErrorLine): { method: string | null; url: string | null } {
  const m = /^([A-Z]+) (\S+)/.exec(line.metadata.request ?? "");
  return { method: m?.[1] ?? null, url: m?.[2] ?? null };
}

const tag = (text: string, name: string) =>
  new RegExp(`\\[${name} "((?:[^"\\\\]|\\\\.)*)"\\]`).exec(text)?.[1] ?? null;

function modsecurity(g: Groups, line: ErrorLine): DecodedFields {
  return {
    source_type: "ids",
    event_type: "ids_alert",
    signature_id: tag(line.text, "id"),
    signature_name: tag(line.text, "msg"),
    classification: tag(line.text, "tag"),
    priority: null,
    action: g.what === "Access denied" ? "blocked" : "detected",
    url: tag(line.text, "uri") ?? request(line).url,
    metadata: { modsecurity_severity: tag(line.text, "severity"), rule_file: tag(line.text, "file") },
  };
}

const web =
  (event_type: string, status: number) =>
  (g: Groups, line: ErrorLine): DecodedFields => {
    const req = request(line);
    return {
      source_type: "proxy",
      event_type,
      url: req.url ?? present(g.path),
      method: req.method,
      status_code: status,
      user_agent: null,
      content_type: null,
      bytes_transferred: null,
      file_path: present(g.path),
    };
  };

const authFailure =
  (reason: string) =>
  (g: Groups, line: ErrorLine): DecodedFields => ({
    source_type: "auth",
    event_type: "login_failure",
    username: present(g.user),
    result: "failure",
    auth_method: "basic",
    failure_reason: reason,
    url: request(line).url ?? present(g.path),
  });

/** What an error text means, first match wins; texts matching none are left to the generic path. */
const MEANINGS: readonly [RegExp, (g: Groups, line: ErrorLine) => DecodedFields][] = [
  [/^ModSecurity: (?<what>Access denied|Warning)\b/, modsecurity],
  [/^client denied by server configuration: (?<path>\S+)/, web("web_blocked", 403)],
  [/^Directory index forbidden by rule: (?<path>\S+)/, web("web_blocked", 403)],
  [/^access forbidden by rule/, web("web_blocked", 403)],
  [/^directory index of "(?<path>[^"]+)" is forbidden/, web("web_blocked", 403)],
  [/^File does not exist: (?<path>\S+)/, web("http_request", 404)],
  [/^script '(?<path>[^']+)' not found or unable to stat/, web("http_request", 404)],
  [
    /(?:^open\(\) )?"(?<path>[^"]+)" (?:failed|is not found) \(2: No such file or directory\)/,
    web("http_request", 404),
  ],
  [/\b(?:failed|is not found) \(2: No such file or directory/, web("http_request", 404)],
  [/^user (?<user>\S+?):? authentication failure for "(?<path>[^"]+)"/, authFailure("password mismatch")],
  [/^user (?<user>\S+) not found: (?<path>\S+)/, authFailure("unknown user")],
  [/(?:user "(?<user>[^"]*)":? )?password mismatch/, authFailure("password mismatch")],
  [/(?:user "(?<user>[^"]*)" )?was not found in "?/, authFailure("unknown user")],
  [/^no user\/password was provided for basic authentication/, web("http_request", 401)],
  // A request path longer than the file system allows: overflow attempts and fuzzers.
  [
    /\(36: File name too long\)/,
    () => webAttackFields({ attack_type: "overlong_uri", signature_name: "Overlong request path" }, null),
  ],
];

/** Our fields for an error text; other texts are the server's own errors and notices (`web_server_error`). */
function meaningOf(line: ErrorLine): DecodedFields {
  for (const [re, meaning] of MEANINGS) {
    const m = re.exec(line.text);
    if (m) return meaning(m.groups ?? {}, line);
  }
  return { source_type: "application", event_type: "web_server_error" };
}

/**
 * nginx and Apache httpd *error* logs: access refused by configuration, missing files, Basic-auth failures,
 * ModSecurity, overlong URIs. Other lines (PHP notices, TLS errors…) are `web_server_error` with their client and time.
 */
export const webErrorDecoder: Decoder = {
  name: "web-error",
  matches: (parsed) => /^(?:\d{4}\/\d{2}\/\d{2} [\d:]{8} )?\[/.test(parsed.message),
  decode(parsed) {
    const line = readNginx(parsed.message) ?? readApache(parsed.message);
    if (!line) return null;
    const fields = meaningOf(line);
    return {
      ...clientAddress(line.client),
      hostname: parsed.hostname,
      service: line.server,
      ...fields,
      ...timestampField(line.time),
      metadata: { web_server: line.server, level: line.level, ...line.metadata, ...fields.metadata },
    };
  },
};
