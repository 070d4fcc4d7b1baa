/**
 * How well the syslog parsers and decoders classify real lines from ../shared/data (read at run time,
 * never copied into the repository). Prints one row per sample set:
 *   lines · parsed (some format recognised) · decoded (a decoder gave a specific event type) ·
 *   event type correct / source_ip correct / username correct, each over the lines whose truth is known.
 * Truth comes from the sample itself: loghub template patterns below, the wazuh-ruleset-tests rule ids,
 * Suricata's own fields. Run: npx tsx bench/syslog-accuracy.ts  (VIGIE_SHARED_DATA overrides the folder).
 */
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { decode } from "../apps/server/src/ingest/syslog/decoders/index.ts";
import { buildEvent } from "../apps/server/src/ingest/syslog/event.ts";
import { parseMessage } from "../apps/server/src/ingest/syslog/parse/index.ts";

const DATA = process.env.VIGIE_SHARED_DATA ?? join(import.meta.dirname, "../../shared/data");
const NOW = new Date(2024, 11, 31);

/** What a line should become; absent keys are not checked. */
interface Truth {
  eventType?: string;
  ip?: string | null;
  user?: string | null;
}
interface Sample {
  line: string;
  truth: Truth | null;
}

const read = (path: string) =>
  readFileSync(join(DATA, path), "utf8")
    .split("\n")
    .filter((l) => l.trim());
const IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/;
const IS_IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const firstIp = (text: string) => IPV4.exec(text)?.[1] ?? null;

// loghub: one pattern per security-relevant template (from the *_templates.csv files); user is group 1.
const LOGHUB_TRUTH: readonly [RegExp, string, boolean][] = [
  [/sshd\[\d+\]: Accepted \S+ for (\S+) from/, "login_success", true],
  [/sshd\[\d+\]: Failed \S+ for (?:invalid user )?(\S+) from/, "login_failure", true],
  [/sshd\[\d+\]: message repeated \d+ times: \[ Failed \S+ for (\S+) from/, "login_failure", true],
  [/sshd\[\d+\]: Invalid user (\S*) from/, "login_failure", true],
  [/sshd\[\d+\]: Disconnecting: Too many authentication failures for (\S+)/, "max_retries_exceeded", true],
  [/sshd\[\d+\]: input_userauth_request: invalid user (\S*)/, "invalid_user", true],
  [/sshd\[\d+\]: Connection closed by /, "connection_closed", false],
  [/sshd\[\d+\]: (?:error: )?Received disconnect from /, "disconnect", false],
  [/sshd\[\d+\]: Did not receive identification string/, "connection_probe", false],
  [/sshd\[\d+\]: reverse mapping checking getaddrinfo/, "reverse_lookup_failed", false],
  [
    /(?:pam_unix\)\[\d+\]|pam_unix\(\w+:auth\)): authentication failure;.*?(?:user=(\S+))?\s*$/,
    "login_failure",
    true,
  ],
  [/PAM (?:[2-9]|\d{2,}) more authentication failures;.*?(?:user=(\S+))?\s*$/, "max_retries_exceeded", true],
  [/PAM \d+ more authentication failures?;.*?(?:user=(\S+))?\s*$/, "login_failure", true],
  [/(?:pam_unix\)\[\d+\]|pam_unix\(\w+:auth\)): check pass; user unknown/, "invalid_user", false],
  [/ftpd\[\d+\]: connection from \S+ \(/, "connection_built", false],
  [/klogind\[\d+\]: (?:Authentication|Kerberos authentication) failed/, "login_failure", false],
  [/session opened for user (\S+)/, "session_opened", true],
  [/session closed for user (\S+)/, "session_closed", true],
];

// loghub Apache_2k is an Apache *error* log; template E4 is the one security-relevant message.
function loghubApacheTruth(line: string): Truth | null {
  const denied = /\[client (\S+)\] Directory index forbidden by rule/.exec(line);
  return denied ? { eventType: "web_blocked", ip: denied[1]! } : null;
}

function loghubTruth(line: string): Truth | null {
  for (const [re, eventType, hasUser] of LOGHUB_TRUTH) {
    const m = re.exec(line);
    if (!m) continue;
    const rhost = /rhost=(\S+)/.exec(line)?.[1];
    const ip =
      rhost !== undefined ? (IS_IPV4.test(rhost) ? rhost : null) : firstIp(line.slice(line.indexOf("]: ")));
    return { eventType, ip, ...(hasUser ? { user: m[1] ?? null } : {}) };
  }
  return null;
}

// wazuh-ruleset-tests: rule id → our event type, for the rules whose meaning is one of ours.
const WAZUH_RULES: Record<string, string> = {
  ...Object.fromEntries(
    ["5710", "5716", "5760", "5718", "5719", "5712", "5763", "5503"].map((r) => [r, "login_failure"]),
  ),
  ...Object.fromEntries(["5301", "5302", "5401"].map((r) => [r, "login_failure"])),
  // One connection or sudo run that used up its tries.
  "5758": "max_retries_exceeded",
  "2502": "max_retries_exceeded",
  "5404": "max_retries_exceeded",
  "5715": "login_success",
  "5501": "session_opened",
  "5502": "session_closed",
  "5403": "privilege_use",
  "5305": "privilege_use",
  "5405": "privilege_denied",
  "4101": "firewall_deny",
  "4151": "firewall_deny",
  "87701": "firewall_deny",
  // Palo Alto: session start/end (allowed by a rule), dropped or denied sessions.
  "64506": "firewall_allow",
  "64507": "firewall_allow",
  "64508": "firewall_deny",
  // Sophos: denied, allowed, dropped traffic, virus.
  "70021": "firewall_deny",
  "70022": "firewall_allow",
  "70024": "firewall_deny",
  "70026": "malware_detected",
  // Squid: TCP_DENIED (bad request, proxy authentication required).
  "35003": "web_blocked",
  "35007": "web_blocked",
  // BIND: query (cache) denied.
  "12108": "dns_query",
  // vsftpd: session opened, login failed.
  "11401": "connection_built",
  "11403": "login_failure",
  // nginx error log: file not found, Basic-auth failure.
  "31310": "http_request",
  "31315": "login_failure",
  // Apache error log: directory index forbidden, file not found, client denied by configuration.
  "30106": "web_blocked",
  "30112": "http_request",
  "30305": "web_blocked",
  // ModSecurity (in the Apache error log): warnings and rejected requests.
  "30401": "ids_alert",
  "30411": "ids_alert",
};
// Where the expected source address sits in each device's lines.
const WAZUH_IP: Record<string, RegExp> = {
  sshd: / from (\d{1,3}(?:\.\d{1,3}){3})\b/,
  iptables: /SRC=(\S+)/,
  fortigate: /\b(?:srcip|src)=(\d{1,3}(?:\.\d{1,3}){3})\b/,
  web_appsec: /^(\d{1,3}(?:\.\d{1,3}){3}) /,
  paloalto: /,(?:TRAFFIC|THREAT),[^,]*,[^,]*,[^,]*,([^,]*),/,
  sophos_fw: /\bsrc_ip=(\S+)/,
  squid_rules: /^\S+\s+\d+ (\S+) /,
  named: /\bclient (?:@0x[\da-f]+ )?(\S+?)#\d/,
  vsftpd: /Client "([^"]+)"/,
  apache: /\[client ([^\]]+?)(?::\d+)?\]/,
  modsecurity: /\[client ([^\]]+?)(?::\d+)?\]/,
};

function wazuhSamples(device: string): Sample[] {
  const samples = new Map<string, Sample>();
  let pending: { line: string; fires: boolean }[] = [];
  for (const raw of read(`wazuh-ruleset-tests/${device}.ini`)) {
    if (raw.startsWith(";")) continue;
    // "pass": the section's rule fires on the line; "fail": it must not, so the rule says nothing of its type.
    const log = /^log \d+ (pass|fail) = (.*)$/.exec(raw);
    if (log) pending.push({ line: log[2]!.trimEnd(), fires: log[1] === "pass" });
    const rule = /^rule = (\d+)/.exec(raw);
    if (!rule) continue;
    for (const { line, fires } of pending) {
      // Anonymised samples write placeholders ("00.00.000.00", "xxx"): only real addresses are truth.
      const ip = WAZUH_IP[device]?.exec(line)?.[1];
      const eventType = fires ? WAZUH_RULES[rule[1]!] : undefined;
      const truth: Truth = { eventType, ...(ip && isIP(ip) ? { ip } : {}) };
      samples.set(line, { line, truth: truth.eventType || truth.ip ? truth : null });
    }
    pending = [];
  }
  return [...samples.values()];
}

function suricataSamples(): Sample[] {
  const types: Record<string, string> = {
    alert: "ids_alert",
    dns: "dns_query",
    fileinfo: "file_transfer",
    http: "http_request",
  };
  return read("suricata-eve-tenzir/eve_sample.json").map((line) => {
    const eve = JSON.parse(line) as { event_type: string; src_ip: string };
    return { line, truth: { eventType: types[eve.event_type] ?? eve.event_type, ip: eve.src_ip } };
  });
}

const TENZIR_TRUTH: Record<number, Truth> = {
  4: { eventType: "login_failure", user: "lonvick" },
  6: { eventType: "endpoint_alert", ip: "172.31.5.93", user: "tikasrv01\\administrator" },
  7: { eventType: "endpoint_alert", ip: "172.31.5.93", user: "tikasrv01\\administrator" },
  11: { eventType: "tcp_anomaly", ip: "84.241.12.18" },
};

const SETS: Record<string, () => Sample[]> = {
  "loghub OpenSSH_2k": () =>
    read("loghub/OpenSSH_2k.log").map((line) => ({ line, truth: loghubTruth(line) })),
  // The same file lines forwarded by rsyslog (imfile → omfwd, RFC 5424 template of docs/SYSLOG.md).
  "loghub OpenSSH_2k relayed by rsyslog": () =>
    read("loghub/OpenSSH_2k.log").map((line) => ({
      line: `<86>1 2024-12-10T07:00:00.000Z relay01 sshd-file - - - ${line}`,
      truth: loghubTruth(line),
    })),
  "loghub Linux_2k": () => read("loghub/Linux_2k.log").map((line) => ({ line, truth: loghubTruth(line) })),
  "loghub Apache_2k": () =>
    read("loghub/Apache_2k.log").map((line) => ({ line, truth: loghubApacheTruth(line) })),
  "tenzir syslog-rfc3164": () =>
    read("tenzir-format-samples/syslog-rfc3164.log").map((line, i) => ({
      line,
      truth: TENZIR_TRUTH[i] ?? null,
    })),
  "tenzir leef1": () =>
    read("tenzir-format-samples/leef1.log").map((line, i) => ({
      line,
      truth: i === 0 ? { eventType: "ids_alert", ip: null } : null,
    })),
  "suricata eve": suricataSamples,
  ...Object.fromEntries(
    [
      "sshd",
      "pam",
      "su",
      "sudo",
      "iptables",
      "pfsense",
      "fortigate",
      "cisco_asa",
      "web_appsec",
      "web_rules",
      "nginx",
      "apache",
      "paloalto",
      "sophos_fw",
      "squid_rules",
      "named",
      "vsftpd",
      "modsecurity",
    ].map((d) => [`wazuh ${d}`, () => wazuhSamples(d)]),
  ),
};

interface Row {
  lines: number;
  parsed: number;
  decoded: number;
  checks: Record<"type" | "ip" | "user", [number, number]>;
}

function measure(samples: Sample[]): Row {
  const row: Row = { lines: 0, parsed: 0, decoded: 0, checks: { type: [0, 0], ip: [0, 0], user: [0, 0] } };
  const check = (key: keyof Row["checks"], ok: boolean) => {
    row.checks[key][0] += ok ? 1 : 0;
    row.checks[key][1]++;
  };
  for (const { line, truth } of samples) {
    const parsed = parseMessage(line, { now: NOW });
    const decoded = decode(parsed);
    const event = buildEvent(parsed, decoded);
    row.lines++;
    if (decoded || parsed.format !== "raw" || parsed.vendor || parsed.json) row.parsed++;
    // A decoder may recognise a line's structure yet leave it generic (web server errors it gives no meaning).
    if (decoded && event.event_type !== "syslog") row.decoded++;
    if (truth?.eventType) check("type", event.event_type === truth.eventType);
    if (truth && "ip" in truth) check("ip", (event.source_ip ?? null) === truth.ip);
    if (truth && "user" in truth) check("user", (event.username ?? null) === truth.user);
  }
  return row;
}

const pct = (n: number, of: number) => (of === 0 ? "—" : `${((100 * n) / of).toFixed(1)}% (${n}/${of})`);

if (!existsSync(DATA)) {
  console.error(`No sample data at ${DATA}; set VIGIE_SHARED_DATA.`);
  process.exit(1);
}
console.log(
  "| sample set | lines | parsed | decoded to a specific type | event type correct | source_ip correct | username correct |",
);
console.log("|---|---|---|---|---|---|---|");
for (const [name, load] of Object.entries(SETS)) {
  const r = measure(load());
  const { type, ip, user } = r.checks;
  console.log(
    `| ${name} | ${r.lines} | ${pct(r.parsed, r.lines)} | ${pct(r.decoded, r.lines)} | ${pct(...type)} | ${pct(...ip)} | ${pct(...user)} |`,
  );
}
