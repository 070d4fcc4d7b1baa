import { createRandom, type Random } from "../../tools/generator/random.ts";

/** What the benchmark sends, and the decoder each kind of line should reach. */
export const LINE_KINDS = ["sshd", "iptables", "pfsense", "cef"] as const;

const USERS = ["root", "admin", "oracle", "deploy", "git", "ubuntu", "backup", "jdupont", "mmartin"];
const DEST_PORTS = [22, 23, 80, 443, 445, 3389, 5900, 8080];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const publicIp = (r: Random) =>
  `${r.pick([45, 89, 103, 185, 198, 203])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
const siteIp = (r: Random) => `10.7.${r.int(0, 15)}.${r.int(1, 254)}`;

function bsdStamp(date: Date): string {
  const day = String(date.getDate()).padStart(2, " ");
  return `${MONTHS[date.getMonth()]} ${day} ${date.toTimeString().slice(0, 8)}`;
}

type LineMaker = (r: Random, now: Date) => string;

// One maker per kind, each producing the shape real devices send (RFC 3164 or 5424 envelopes).
const MAKERS: Record<(typeof LINE_KINDS)[number], LineMaker> = {
  sshd: (r, now) => {
    const user = r.pick(USERS);
    const message = r.chance(0.8)
      ? `Failed password for ${r.chance(0.4) ? "invalid user " : ""}${user} from ${publicIp(r)} port ${r.int(1024, 65535)} ssh2`
      : `Accepted publickey for ${user} from ${siteIp(r)} port ${r.int(1024, 65535)} ssh2: RSA SHA256:${r.int(1e8, 9e8)}`;
    return `<38>${bsdStamp(now)} bastion${r.int(1, 4)} sshd[${r.int(1000, 60000)}]: ${message}`;
  },
  iptables: (r, now) =>
    `<4>${bsdStamp(now)} gw${r.int(1, 3)} kernel: [${r.int(1000, 99999)}.${r.int(100000, 999999)}] [UFW BLOCK] ` +
    `IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc SRC=${publicIp(r)} DST=${siteIp(r)} LEN=60 TOS=0x00 TTL=${r.int(40, 64)} ` +
    `ID=${r.int(0, 65535)} DF PROTO=TCP SPT=${r.int(1024, 65535)} DPT=${r.pick(DEST_PORTS)} WINDOW=64240 SYN URGP=0`,
  pfsense: (r, now) =>
    `<134>1 ${now.toISOString()} pf01 filterlog ${r.int(1000, 9999)} - - 5,,,1000000103,igb0,match,` +
    `${r.pick(["block", "pass"])},in,4,0x0,,64,${r.int(0, 65535)},0,DF,6,tcp,60,${publicIp(r)},${siteIp(r)},` +
    `${r.int(1024, 65535)},${r.pick(DEST_PORTS)},0,S,${r.int(1e8, 9e8)},,64240,,mss`,
  cef: (r, now) =>
    `<10>${bsdStamp(now)} fw01 CEF:0|Fortinet|FortiGate|7.2|13|traffic denied|5|src=${publicIp(r)} ` +
    `dst=${siteIp(r)} spt=${r.int(1024, 65535)} dpt=${r.pick(DEST_PORTS)} proto=TCP act=deny ` +
    `deviceExternalId=FGT60F${r.int(1000, 9999)} msg=policy ${r.int(1, 40)} denied`,
};

/** `count` realistic syslog lines (sshd, netfilter, pfSense filterlog, CEF in equal shares), reproducible. */
export function syslogLines(count: number, seed = 7): string[] {
  const r = createRandom(seed);
  const now = new Date();
  return Array.from({ length: count }, (_, i) => MAKERS[LINE_KINDS[i % LINE_KINDS.length]!](r, now));
}
