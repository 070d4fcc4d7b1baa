import { ephemeralPort, externalIp, type Host } from "./sites.ts";
import type { GeneratedSource, TemplateContext, TemplateEvent } from "./templates/index.ts";
import { syslogLine, windowsEventLine } from "./templates/raw.ts";

/** Who plays in a campaign: one attacker, one victim workstation and its user. */
export interface Cast {
  attacker: string;
  victim: Host;
  user: string;
}

/** One phase of the kill chain and the event that betrays it. */
export interface KillChainStep {
  phase: string;
  source: GeneratedSource;
  tactic: string;
  technique: string;
  build(ctx: TemplateContext, cast: Cast): TemplateEvent;
}

type Step = Omit<KillChainStep, "source" | "build">;
type VictimCommand = Step &
  Pick<TemplateEvent, "event_type" | "severity"> & {
    what: string;
    process: string;
    parent: string;
    command: string;
  };

/** A step seen by the victim's EDR: one process with its command line. */
function onVictim(spec: VictimCommand): KillChainStep {
  const { phase, tactic, technique, event_type, severity, what, process, parent, command } = spec;
  return {
    phase,
    tactic,
    technique,
    source: "endpoint",
    build: (ctx, cast) => ({
      event_type,
      severity,
      message: `${what} on ${cast.victim.hostname}`,
      raw_log: syslogLine(
        ctx.time,
        cast.victim.hostname,
        "edr-agent",
        2204,
        `Sysmon EventID=1 User="${cast.user}" CommandLine="${command}"`,
      ),
      source_ip: cast.victim.ip,
      dest_ip: cast.victim.ip,
      hostname: cast.victim.hostname,
      username: cast.user,
      process_name: process,
      process_id: ctx.rng.int(2000, 30000),
      parent_process: parent,
      command_line: command,
    }),
  };
}

const reconnaissance: KillChainStep = {
  phase: "reconnaissance",
  source: "ids",
  tactic: "TA0043",
  technique: "T1595.001",
  build(ctx, cast) {
    const name = "ET SCAN Potential SSH Scan";
    const line = `[**] [1:2001219:20] ${name} [**] [Priority: 2] {TCP} ${cast.attacker}:${ephemeralPort(ctx.rng)} -> ${ctx.site.server.ip}:22`;
    return {
      event_type: "port_scan",
      severity: "medium",
      message: `Port scan of ${ctx.site.id} from ${cast.attacker}`,
      raw_log: syslogLine(ctx.time, ctx.site.ids.hostname, "suricata", 1187, line),
      source_ip: cast.attacker,
      dest_ip: ctx.site.server.ip,
      dest_port: 22,
      hostname: ctx.site.ids.hostname,
      signature_id: 2001219,
      signature_name: name,
      priority: 2,
    };
  },
};

const initialAccess: KillChainStep = {
  phase: "initial_access",
  source: "email",
  tactic: "TA0001",
  technique: "T1566.001",
  build(ctx, cast) {
    const [sender, recipient] = [
      "facturation@audio-fournisseur.example",
      `${cast.user}@${ctx.site.tag}.centres-audition.example`,
    ];
    const line = `4C2A11F0: from=<${sender}>, to=<${recipient}>, relay=${cast.attacker}, status=delivered attachment=Facture_0925.docm`;
    return {
      event_type: "email_received",
      severity: "medium",
      message: `Suspicious invoice with a macro attachment delivered to ${cast.user}`,
      raw_log: syslogLine(ctx.time, ctx.site.mailGateway.hostname, "postfix/smtpd", 4410, line),
      source_ip: cast.attacker,
      dest_ip: ctx.site.mailGateway.ip,
      hostname: ctx.site.mailGateway.hostname,
      username: cast.user,
      sender,
      recipient,
      subject: "Facture 0925 impayée",
      attachment: "Facture_0925.docm",
      verdict: "delivered",
    };
  },
};

const lateralMovement: KillChainStep = {
  phase: "lateral_movement",
  source: "active_directory",
  tactic: "TA0008",
  technique: "T1021.002",
  build(ctx, cast) {
    const summary = "An account was successfully logged on.";
    const fields = { TargetUserName: "admin.it", LogonType: 3, IpAddress: cast.victim.ip };
    return {
      event_type: "lateral_movement",
      severity: "high",
      message: `admin.it logged on to ${ctx.site.server.hostname} over SMB from ${cast.victim.hostname}`,
      raw_log: windowsEventLine(ctx.time, ctx.site.domainController.hostname, 4624, summary, fields),
      source_ip: cast.victim.ip,
      dest_ip: ctx.site.server.ip,
      dest_port: 445,
      hostname: ctx.site.server.hostname,
      username: "admin.it",
      windows_event_id: 4624,
      logon_type: "3",
      workstation: cast.victim.hostname.toUpperCase(),
      domain: "RESEAU-AUDIO",
    };
  },
};

const exfiltration: KillChainStep = {
  phase: "exfiltration",
  source: "proxy",
  tactic: "TA0010",
  technique: "T1567.002",
  build(ctx, cast) {
    const [bytes, url] = [ctx.rng.int(200_000_000, 900_000_000), "https://files.anonshare.example/upload"];
    const line = `${cast.victim.ip} TCP_TUNNEL/200 ${bytes} POST ${url} ${cast.user}`;
    return {
      event_type: "data_exfiltration",
      severity: "critical",
      message: `${bytes} bytes uploaded from ${cast.victim.hostname} to ${url}`,
      raw_log: syslogLine(ctx.time, ctx.site.firewall.hostname, "squid", 1402, line),
      source_ip: cast.victim.ip,
      dest_ip: externalIp(ctx.rng),
      dest_port: 443,
      hostname: cast.victim.hostname,
      username: cast.user,
      url,
      method: "POST",
      status_code: 200,
      bytes_transferred: bytes,
    };
  },
};

/** The ten phases, in order, from the first probe to the data leaving the site. */
export const KILL_CHAIN: readonly KillChainStep[] = [
  reconnaissance,
  initialAccess,
  onVictim({
    phase: "execution",
    tactic: "TA0002",
    technique: "T1059.001",
    event_type: "process_execution",
    severity: "high",
    what: "WINWORD.EXE spawned an encoded PowerShell",
    process: "powershell.exe",
    parent: "WINWORD.EXE",
    command: "powershell.exe -NoP -W Hidden -Enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=",
  }),
  onVictim({
    phase: "persistence",
    tactic: "TA0003",
    technique: "T1053.005",
    event_type: "persistence",
    severity: "high",
    what: "Scheduled task OneDriveSync created",
    process: "schtasks.exe",
    parent: "powershell.exe",
    command: 'schtasks.exe /Create /SC ONLOGON /TN OneDriveSync /TR "C:\\Users\\Public\\odsync.exe" /F',
  }),
  onVictim({
    phase: "privilege_escalation",
    tactic: "TA0004",
    technique: "T1548.002",
    event_type: "privilege_escalation",
    severity: "critical",
    what: "UAC bypass through fodhelper.exe gave a high-integrity shell",
    process: "fodhelper.exe",
    parent: "powershell.exe",
    command: "C:\\Windows\\System32\\fodhelper.exe",
  }),
  onVictim({
    phase: "credential_access",
    tactic: "TA0006",
    technique: "T1003.001",
    event_type: "credential_dumping",
    severity: "critical",
    what: "LSASS memory dumped with comsvcs.dll",
    process: "rundll32.exe",
    parent: "powershell.exe",
    command: "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 676 C:\\Users\\Public\\l.dmp full",
  }),
  onVictim({
    phase: "discovery",
    tactic: "TA0007",
    technique: "T1087.002",
    event_type: "discovery",
    severity: "medium",
    what: "Domain admin accounts enumerated",
    process: "net.exe",
    parent: "cmd.exe",
    command: 'net.exe group "Domain Admins" /domain',
  }),
  lateralMovement,
  onVictim({
    phase: "collection",
    tactic: "TA0009",
    technique: "T1560.001",
    event_type: "data_staging",
    severity: "high",
    what: "Patient folders archived with a password by 7-Zip",
    process: "7z.exe",
    parent: "cmd.exe",
    command: "7z.exe a -pInfected2024 C:\\Users\\Public\\p.7z \\\\NAS01\\Dossiers_Patients",
  }),
  exfiltration,
];
