import { ephemeralPort, workstation } from "../sites.ts";
import type { GeneratedSource } from "./index.ts";
import { syslogLine } from "./raw.ts";
import type { TemplateContext, TemplateEvent } from "./types.ts";

/** A high/critical event of an incident burst; every event of one burst shares the attacker address. */
export interface BurstTemplate {
  weight: number;
  source: GeneratedSource;
  build(ctx: TemplateContext, attacker: string): TemplateEvent;
}

const EXPLOITS = [
  { id: 2034647, name: "ET EXPLOIT Apache log4j RCE Attempt (CVE-2021-44228)", port: 8080 },
  { id: 2029054, name: "ET EXPLOIT Fortinet FortiOS SSL VPN Path Traversal (CVE-2018-13379)", port: 443 },
  { id: 2024297, name: "ET EXPLOIT Possible ETERNALBLUE MS17-010 Echo Request", port: 445 },
] as const;
const MALWARE = [
  "Trojan:Win32/Emotet.RPX!MTB",
  "Ransom:Win32/LockBit.PA!MTB",
  "Backdoor:Win64/CobaltStrike.NP!dha",
] as const;

function sshBruteForce(ctx: TemplateContext, attacker: string): TemplateEvent {
  const [user, port] = [ctx.rng.pick(["root", "admin", "support", "audio"]), ephemeralPort(ctx.rng)];
  const text = `Failed password for ${user} from ${attacker} port ${port} ssh2`;
  return {
    event_type: "login_failure",
    severity: "high",
    message: `${text} (brute force in progress)`,
    raw_log: syslogLine(ctx.time, ctx.site.server.hostname, "sshd", ctx.rng.int(1000, 40000), text),
    source_ip: attacker,
    dest_ip: ctx.site.server.ip,
    source_port: port,
    dest_port: 22,
    hostname: ctx.site.server.hostname,
    username: user,
    service: "sshd",
    auth_method: "password",
    result: "failure",
    failure_reason: "wrong_password",
    mitre_tactic: "TA0006",
    mitre_technique: "T1110.001",
  };
}

function exploitAttempt(ctx: TemplateContext, attacker: string): TemplateEvent {
  const [sig, port] = [ctx.rng.pick(EXPLOITS), ephemeralPort(ctx.rng)];
  const dest = ctx.site.server.ip;
  const fast = `[**] [1:${sig.id}:4] ${sig.name} [**] [Classification: Attempted Administrator Privilege Gain] [Priority: 1] {TCP} ${attacker}:${port} -> ${dest}:${sig.port}`;
  return {
    event_type: "ids_alert",
    severity: ctx.rng.chance(0.3) ? "critical" : "high",
    message: sig.name,
    raw_log: syslogLine(ctx.time, ctx.site.ids.hostname, "suricata", 1187, fast),
    source_ip: attacker,
    dest_ip: dest,
    source_port: port,
    dest_port: sig.port,
    hostname: ctx.site.ids.hostname,
    signature_id: sig.id,
    signature_name: sig.name,
    classification: "Attempted Administrator Privilege Gain",
    priority: 1,
    mitre_tactic: "TA0001",
    mitre_technique: "T1190",
  };
}

function malwareDetected(ctx: TemplateContext, attacker: string): TemplateEvent {
  const [host, name] = [workstation(ctx.rng, ctx.site), ctx.rng.pick(MALWARE)];
  const path = `C:\\Users\\Public\\Downloads\\${ctx.rng.pick(["invoice", "scan", "update"])}_${ctx.rng.int(100, 999)}.exe`;
  return {
    event_type: "malware_detected",
    severity: "critical",
    message: `Malware ${name} detected in ${path} on ${host.hostname} (downloaded from ${attacker})`,
    raw_log: syslogLine(
      ctx.time,
      host.hostname,
      "MsMpEng",
      3912,
      `Threat detected: ${name} path=${path} action=quarantine`,
    ),
    source_ip: host.ip,
    dest_ip: attacker,
    hostname: host.hostname,
    process_name: "MsMpEng.exe",
    file_path: path,
    malware_name: name,
    mitre_tactic: "TA0002",
    mitre_technique: "T1204.002",
  };
}

/** What a bad quarter of an hour looks like: guessing, exploits, detections, all high or critical. */
export const BURST_TEMPLATES: readonly BurstTemplate[] = [
  { weight: 50, source: "auth", build: sshBruteForce },
  { weight: 35, source: "ids", build: exploitAttempt },
  { weight: 15, source: "endpoint", build: malwareDetected },
];
