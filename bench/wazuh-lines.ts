/**
 * The Wazuh ruleset test lines (../shared/data/wazuh-ruleset-tests, GPL-2.0: read in place, never copied) through
 * Vigie's syslog parsing, decoding, ingest preparation and default rules. Prints two tables:
 *   1. agreement with Wazuh's security meaning, by file: a line agrees when Vigie's event type is one the Wazuh
 *      rule's meaning allows (MEANINGS below); a rule that only sorts device messages by level or groups them
 *      ("cisco asa: warning message", "Apache 2.4 error messages grouped") asks only that Vigie decode the line;
 *   2. the Wazuh rules of level ≥ 7 (Wazuh alerts on them): which default Vigie rule, if any, fires on their lines.
 * Only "log N pass" lines count ("fail" lines are ones a rule must not match). Windows Security events
 * (win_security.ini) are JSON from Wazuh's own agent, not syslog: replayed as the raw endpoint reads them
 * (recognised as the Wazuh agent format), for the second table only.
 * Run: npx tsx bench/wazuh-lines.ts   (VIGIE_SHARED_DATA overrides the data folder)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RuleCreateSchema } from "@vigie/contracts";
import { backtest } from "../apps/server/src/detection/backtest.ts";
import { DEFAULT_RULES } from "../apps/server/src/detection/default-rules.ts";
import type { DetectionEvent } from "../apps/server/src/detection/types.ts";
import { prepareEvent } from "../apps/server/src/ingest/prepare.ts";
import { toSyslogEvent } from "../apps/server/src/ingest/syslog/event.ts";

const DATA = join(
  process.env.VIGIE_SHARED_DATA ?? join(import.meta.dirname, "../../shared/data"),
  "wazuh-ruleset-tests",
);
const NOW = new Date("2024-12-31T00:00:00Z");

interface Section {
  file: string;
  name: string;
  rule: string;
  level: number;
  lines: string[];
}

function sections(file: string): Section[] {
  const found: Section[] = [];
  let current: Section = { file, name: "", rule: "", level: 0, lines: [] };
  for (const raw of readFileSync(join(DATA, file), "utf8").split("\n")) {
    const header = /^\[(.*)\]\s*$/.exec(raw);
    if (header) current = { file, name: header[1]!, rule: "", level: 0, lines: [] };
    const log = /^log \d+ pass = (.*)$/.exec(raw);
    if (log) current.lines.push(log[1]!.trimEnd());
    const rule = /^rule = (\d+)/.exec(raw);
    if (rule) current.rule = rule[1]!;
    const alert = /^alert = (\d+)/.exec(raw);
    if (alert) {
      current.level = Number(alert[1]);
      found.push(current);
    }
  }
  return found;
}

const t = (...types: string[]) => types;
const each = (rules: string[], types: string[]) => Object.fromEntries(rules.map((rule) => [rule, types]));
// Wazuh rule id → the Vigie event types that say the same thing. Rules absent here only sort or group messages.
const MEANINGS: Record<string, string[]> = {
  ...each(
    ["5710", "5716", "5760", "5718", "5719", "5763", "5712", "5503", "5301", "5302", "5401"],
    t("login_failure"),
  ),
  ...each(["64007", "64010", "64018", "81606", "81614", "11403", "31315"], t("login_failure")),
  ...each(["5758", "5404", "2502"], t("max_retries_exceeded")),
  ...each(["5722", "5761", "5762", "5740"], t("disconnect", "connection_closed")),
  ...each(["5741", "5742", "5743", "5744"], t("forwarding_failed")),
  ...each(["5745", "5746"], t("connection_error")),
  ...each(["5747", "5748", "5749", "5752", "5753", "5701"], t("protocol_error")),
  ...each(["5754", "5756"], t("session_error")),
  ...each(["5739", "5755"], t("config_error")),
  ...each(["5702", "5757"], t("reverse_lookup_failed")),
  "5706": t("connection_probe"),
  "5504": t("invalid_user"),
  "5501": t("session_opened"),
  "5502": t("session_closed"),
  ...each(["5403", "5305"], t("privilege_use")),
  "5405": t("privilege_denied"),
  ...each(["4101", "4151", "87701", "64508", "70021", "70024", "81634"], t("firewall_deny")),
  "4100": t("firewall_deny", "firewall_allow", "firewall_log"),
  ...each(["64506", "64507", "70022", "81633"], t("firewall_allow")),
  "81618": t("firewall_allow", "firewall_deny"),
  ...each(["64009", "64019", "81626"], t("login_success")),
  ...each(["64008"], t("privilege_change")),
  "64011": t("address_collision"),
  "64012": t("shunned_packet"),
  "64013": t("connection_limit_exceeded"),
  ...each(["64017", "81610", "81628", "81629", "81630", "30401", "30403", "30411"], t("ids_alert")),
  "64020": t("account_locked"),
  "64021": t("service_degraded"),
  ...each(["64022", "81642"], t("failover_event")),
  ...each(["64023", "64024", "81608", "81612", "81631"], t("config_change")),
  ...each(["64025", "64026"], t("admin_command")),
  "64027": t("user_created", "user_deleted"),
  "81604": t("vpn_tunnel_down"),
  "81616": t("logout"),
  "81622": t("vpn_tunnel_up"),
  "81624": t("vpn_tunnel_down"),
  ...each(["81639", "70026"], t("malware_detected")),
  "81640": t("http_request"),
  "81643": t("tls_error"),
  ...each(["81644", "35003", "35007", "30106", "30305"], t("web_blocked")),
  "81645": t("tls_blocked"),
  "81646": t("file_blocked"),
  "11401": t("connection_built"),
  "12108": t("dns_query"),
  ...each(["31310", "30112", "31108"], t("http_request")),
  // A 404 whose request is an attack probe: Vigie's web_attack refines Wazuh's "page not found".
  "31101": t("http_request", "web_attack"),
  ...each(["31103", "31104", "31106", "31170", "31171", "30107", "31320"], t("web_attack")),
  ...each(["31501", "31502", "31503", "31504", "31505", "31506", "31507", "31508"], t("web_attack")),
  ...each(["31511", "31512", "31513", "31514", "31515", "31516"], t("web_attack")),
  // A login form posted to, or any POST: ordinary requests unless they repeat.
  ...each(["31509", "31530", "31531"], t("http_request")),
};

/** Wazuh agent JSON (win_security.ini) as the raw endpoint reads it; syslog lines as the receivers do. */
const WINDOWS_FILE = "win_security.ini";

function detectionEvent(line: string, index: number, file = ""): DetectionEvent | null {
  const prepared =
    file === WINDOWS_FILE
      ? prepareEvent(JSON.parse(line), { receiver: "bench", recognise: {}, forcedSiteId: "AUDIO_001" }, NOW)
      : prepareEvent(
          { ...toSyslogEvent(line, { now: NOW }), site_id: "AUDIO_001" },
          { receiver: "bench" },
          NOW,
        );
  if (!prepared.ok) return null;
  const row = prepared.row;
  // Lines of one section replayed one second apart, as a burst a device would send.
  return {
    ...row,
    timestamp: new Date(NOW.getTime() + index * 1000).toISOString(),
  } as unknown as DetectionEvent;
}

const rules = DEFAULT_RULES.filter((rule) => rule.enabled !== false).map((rule, index) => ({
  ...RuleCreateSchema.parse(rule),
  id: `default-${index}`,
}));

async function firing(events: DetectionEvent[]): Promise<string[]> {
  const names: string[] = [];
  for (const rule of rules) if ((await backtest(rule, events)).alerts_would_fire > 0) names.push(rule.name);
  return names;
}

if (!existsSync(DATA)) {
  console.error(`No Wazuh test lines at ${DATA}; set VIGIE_SHARED_DATA.`);
  process.exit(1);
}
const files = readdirSync(DATA)
  .filter((file) => file.endsWith(".ini") && file !== WINDOWS_FILE)
  .sort();
const all = files.flatMap(sections);
console.log("| file | lines | agree | agreement |\n|---|---|---|---|");
let [lines, agreed] = [0, 0];
for (const file of files) {
  const [n, ok] = all
    .filter((s) => s.file === file)
    .flatMap((s) =>
      s.lines.map((line) => [s.rule, detectionEvent(line, 0)?.event_type ?? "refused"] as const),
    )
    .reduce(
      ([count, good], [rule, type]) => {
        const accepted = MEANINGS[rule];
        return [count + 1, good + ((accepted ? accepted.includes(type) : type !== "syslog") ? 1 : 0)];
      },
      [0, 0],
    );
  lines += n;
  agreed += ok;
  if (n) console.log(`| ${file} | ${n} | ${ok} | ${((100 * ok) / n).toFixed(1)}% |`);
}
console.log(`| **all** | ${lines} | ${agreed} | **${((100 * agreed) / lines).toFixed(1)}%** |\n`);

const alerting = new Map<string, Section[]>();
for (const s of [...all, ...sections(WINDOWS_FILE)].filter((s) => s.level >= 7))
  alerting.set(s.rule, [...(alerting.get(s.rule) ?? []), s]);
console.log("| Wazuh rule | level | what | Vigie default rule that fires |\n|---|---|---|---|");
let covered = 0;
for (const [rule, group] of alerting) {
  const events = group
    .flatMap((s) => s.lines.map((line) => [line, s.file] as const))
    .map(([line, file], i) => detectionEvent(line, i, file))
    .filter((e) => e !== null);
  const fired = await firing(events);
  if (fired.length) covered++;
  const what = fired.join(", ") || "—";
  console.log(`| ${rule} | ${group[0]!.level} | ${group[0]!.name} | ${what} |`);
}
console.log(`\nWazuh rules of level ≥ 7 with a Vigie alert on their lines: ${covered} of ${alerting.size}`);
