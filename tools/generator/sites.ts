import type { Random } from "./random.ts";

/** How many centres the reference customer has (CONTRACT: `AUDIO_001` … `AUDIO_030`). */
export const MAX_SITES = 30;

const FIRST_NAMES = ["c", "m", "j", "l", "s", "a", "p", "n", "e", "f"] as const;
const LAST_NAMES = [
  "martin",
  "bernard",
  "dubois",
  "thomas",
  "robert",
  "richard",
  "petit",
  "durand",
  "leroy",
  "moreau",
];
const SERVICE_ACCOUNTS = ["svc_backup", "svc_rdv", "svc_scan"] as const;

/** One centre's network: every site owns 10.<n>.0.0/16 and names its hosts `audio<nnn>-<role>`. */
export interface Site {
  id: string;
  /** `audio007`: the prefix of every host name of the site. */
  tag: string;
  firewall: Host;
  ids: Host;
  server: Host;
  nas: Host;
  domainController: Host;
  mailGateway: Host;
}

/** A machine of a site. */
export interface Host {
  hostname: string;
  ip: string;
}

/** The site ids `AUDIO_001` … `AUDIO_<count>`. */
export function siteIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `AUDIO_${String(i + 1).padStart(3, "0")}`);
}

/** The network plan of a site id such as `AUDIO_007`. */
export function siteOf(id: string): Site {
  const number = Number.parseInt(id.slice(-3), 10) || 1;
  const tag = `audio${String(number).padStart(3, "0")}`;
  const host = (role: string, ip: string): Host => ({ hostname: `${tag}-${role}`, ip: `10.${number}.${ip}` });
  return {
    id,
    tag,
    firewall: host("fw01", "0.1"),
    ids: host("ids01", "0.2"),
    domainController: host("dc01", "1.5"),
    server: host("srv01", "1.10"),
    nas: host("nas01", "1.20"),
    mailGateway: host("mailgw01", "0.25"),
  };
}

/** One of the site's reception and fitting-room workstations (`audio007-ws03`, 10.7.2.103). */
export function workstation(rng: Random, site: Site): Host {
  const n = rng.int(1, 8);
  const number = site.firewall.ip.split(".")[1];
  return { hostname: `${site.tag}-ws${String(n).padStart(2, "0")}`, ip: `10.${number}.2.${100 + n}` };
}

/** A staff account (`c.martin`), now and then a service account. */
export function username(rng: Random): string {
  if (rng.chance(0.08)) return rng.pick(SERVICE_ACCOUNTS);
  return `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`;
}

/** An unknown internet address (scanners, attackers) from two documentation ranges (RFC 5737). */
export function externalIp(rng: Random): string {
  const prefix = rng.pick(["203.0.113", "198.51.100"]);
  return `${prefix}.${rng.int(1, 254)}`;
}

/**
 * An internet scanner probing this site: each site sees its own handful of them (203.0.113.<8n..8n+7>),
 * so background probes never look like one host sweeping every centre.
 */
export function scannerIp(rng: Random, site: Site): string {
  const number = Number(site.firewall.ip.split(".")[1]);
  return `203.0.113.${number * 8 + rng.int(0, 7)}`;
}

/** The few cloud services the centres talk to all day (Microsoft 365, Doctolib, AMELI...), documentation addresses. */
const SERVICE_IPS = [
  "192.0.2.10",
  "192.0.2.20",
  "192.0.2.30",
  "192.0.2.40",
  "192.0.2.50",
  "192.0.2.60",
] as const;

/** The address of an everyday cloud service: few and fixed, so normal browsing never looks like a sweep. */
export function serviceIp(rng: Random): string {
  return rng.pick(SERVICE_IPS);
}

/** An ephemeral client port. */
export function ephemeralPort(rng: Random): number {
  return rng.int(49152, 65535);
}
