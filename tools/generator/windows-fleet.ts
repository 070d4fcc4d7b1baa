import type { Random } from "./random.ts";
import { siteOf } from "./sites.ts";

/*
 * Each clinic's Windows PCs (reception, two audiologists' workstations, the small server) as Winlogbeat sends
 * them: Sysmon process, network, DNS and file events and Security logons, the everyday mix of a clinic.
 */

const PCS = [
  { name: "RECEP-PC01", ip: 21, user: "accueil" },
  { name: "AUDIO-PC01", ip: 31, user: "audioprothesiste1" },
  { name: "AUDIO-PC02", ip: 32, user: "audioprothesiste2" },
  { name: "SRV01", ip: 10, user: "svc_backup" },
] as const;

const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const PROGRAMS = [
  { image: "C:\\Program Files\\Noah 4\\Noah4.exe", command: '"C:\\Program Files\\Noah 4\\Noah4.exe"' },
  {
    image: "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    command: '"chrome.exe" --type=renderer',
  },
  { image: "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", command: '"OUTLOOK.EXE"' },
  { image: "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE", command: '"EXCEL.EXE" /dde' },
  {
    image: "C:\\Windows\\System32\\svchost.exe",
    command: "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
  },
] as const;
const DOMAINS = [
  "www.google.com",
  "outlook.office365.com",
  "update.noah-hearing.example",
  "ocsp.digicert.com",
];

/** One Windows event document and the site it belongs to (the raw endpoint takes the site as `?site_id=`). */
export interface WindowsDocument {
  siteId: string;
  doc: Record<string, unknown>;
}

type Pc = (typeof PCS)[number];
type Draw = (
  rng: Random,
  pc: Pc,
  ip: string,
) => { code: number; channel: string; data: Record<string, unknown> };

const processCreated: Draw = (rng, pc) => {
  const program = rng.pick(PROGRAMS);
  return {
    code: 1,
    channel: SYSMON,
    data: {
      Image: program.image,
      CommandLine: program.command,
      ParentImage: "C:\\Windows\\explorer.exe",
      User: `CLINIC\\${pc.user}`,
      IntegrityLevel: "Medium",
      ProcessId: String(rng.int(1000, 9000)),
    },
  };
};
const dnsQuery: Draw = (rng) => ({
  code: 22,
  channel: SYSMON,
  data: { QueryName: rng.pick(DOMAINS), QueryStatus: "0", Image: rng.pick(PROGRAMS).image },
});
const connection: Draw = (rng, _pc, ip) => ({
  code: 3,
  channel: SYSMON,
  data: {
    Image: rng.pick(PROGRAMS).image,
    Protocol: "tcp",
    SourceIp: ip,
    SourcePort: String(rng.int(49152, 65535)),
    DestinationIp: `52.${rng.int(96, 111)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    DestinationPort: "443",
  },
});
const fileCreated: Draw = (rng, pc) => ({
  code: 11,
  channel: SYSMON,
  data: {
    Image: rng.pick(PROGRAMS).image,
    TargetFilename: `C:\\Users\\${pc.user}\\Documents\\bilan_${rng.int(1000, 9999)}.pdf`,
  },
});
const logon: Draw = (rng, pc, ip) => ({
  code: rng.chance(0.03) ? 4625 : 4624,
  channel: "Security",
  data: {
    TargetUserName: pc.user,
    TargetDomainName: "CLINIC",
    LogonType: rng.pick(["2", "3", "7", "11"]),
    IpAddress: ip,
    IpPort: "0",
    AuthenticationPackageName: "Negotiate",
    Status: "0xc000006d",
    SubStatus: "0xc000006a",
  },
});
const logoff: Draw = (_rng, pc) => ({
  code: 4634,
  channel: "Security",
  data: { TargetUserName: pc.user, LogonType: "2" },
});

const MIX: { weight: number; draw: Draw }[] = [
  { weight: 30, draw: processCreated },
  { weight: 25, draw: dnsQuery },
  { weight: 20, draw: connection },
  { weight: 10, draw: fileCreated },
  { weight: 10, draw: logon },
  { weight: 5, draw: logoff },
];

/** Draws everyday Windows events for the given sites, as Winlogbeat documents. */
export function windowsFleet(
  rng: Random,
  sites: readonly string[],
  clock: () => Date,
): () => WindowsDocument {
  let record = 1;
  return () => {
    const siteId = rng.pick(sites);
    const site = siteOf(siteId);
    const pc = rng.pick(PCS);
    const ip = `${site.server.ip.split(".").slice(0, 3).join(".")}.${pc.ip}`;
    const { code, channel, data } = rng.pickWeighted(MIX).draw(rng, pc, ip);
    const computer = `${site.tag}-${pc.name}.clinic.local`.toUpperCase();
    return {
      siteId,
      doc: {
        "@timestamp": clock().toISOString(),
        agent: { type: "winlogbeat", version: "8.15.0" },
        event: {
          code: String(code),
          provider: channel === SYSMON ? "Microsoft-Windows-Sysmon" : "Microsoft-Windows-Security-Auditing",
        },
        host: { name: computer },
        winlog: {
          channel,
          computer_name: computer,
          event_id: String(code),
          record_id: String(record++),
          provider_name:
            channel === SYSMON ? "Microsoft-Windows-Sysmon" : "Microsoft-Windows-Security-Auditing",
          event_data: data,
        },
      },
    };
  };
}
