import { isIP } from "node:net";

/** An IPv4 or IPv6 address as a number, with its family. */
export interface IpValue {
  family: 4 | 6;
  value: bigint;
}

/** A network: its family, prefix length, mask and network bits (host bits cleared). */
export interface Cidr {
  family: 4 | 6;
  prefix: number;
  mask: bigint;
  network: bigint;
}

const WIDTH = { 4: 32, 6: 128 } as const;
const V4_MAPPED_PREFIX = 0xffffn << 32n;

function ipv4Value(text: string): bigint {
  return text.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Groups(part: string): number[] {
  if (part === "") return [];
  return part.split(":").flatMap((group) => {
    if (!group.includes(".")) return [Number.parseInt(group, 16)];
    const v4 = Number(ipv4Value(group));
    return [v4 >>> 16, v4 & 0xffff];
  });
}

function ipv6Value(text: string): bigint {
  const [head = "", tail] = text.split("::");
  const left = ipv6Groups(head);
  const right = tail === undefined ? [] : ipv6Groups(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right].reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

/** Parses an IPv4/IPv6 address (a zone such as `%eth0` is ignored); null when it is not one. */
export function parseIp(address: string): IpValue | null {
  const bare = address.trim().split("%")[0] ?? "";
  const family = isIP(bare);
  if (family === 4) return { family, value: ipv4Value(bare) };
  if (family === 6) return { family, value: ipv6Value(bare) };
  return null;
}

/** A sender address as matched against networks: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as IPv4. */
export function senderIp(address: string): IpValue | null {
  const ip = parseIp(address);
  if (ip?.family === 6 && ip.value >> 32n === V4_MAPPED_PREFIX >> 32n) {
    return { family: 4, value: ip.value & 0xffffffffn };
  }
  return ip;
}

/**
 * Parses `10.7.0.0/16`, `fd00::/8`, or a bare address (a single host); host bits set below the prefix are
 * cleared (`10.7.1.2/16` is `10.7.0.0/16`). Null for anything else.
 */
export function parseCidr(text: string): Cidr | null {
  const [address = "", prefixText, extra] = text.trim().split("/");
  const ip = parseIp(address);
  if (!ip || extra !== undefined || address.includes("%")) return null;
  const width = WIDTH[ip.family];
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix);
  return { family: ip.family, prefix, mask, network: ip.value & mask };
}

/** Whether the network contains the address. */
export function cidrContains(cidr: Cidr, ip: IpValue): boolean {
  return cidr.family === ip.family && (ip.value & cidr.mask) === cidr.network;
}

/** One site's claim on a network. */
export interface SiteNetwork {
  siteId: string;
  cidr: Cidr;
}

/** What a site lists, as stored (`sites.networks`). */
export interface SiteNetworkSource {
  siteId: string;
  networks: readonly string[];
}

/**
 * The sender networks of every site, answering which site claims an address: the most specific network
 * (longest prefix) wins; between equal prefixes, the site listed first.
 */
export class NetworkTable {
  /** Networks that did not parse, as `site: text`, so they can be reported instead of silently ignored. */
  readonly invalid: string[] = [];
  private readonly entries: SiteNetwork[] = [];

  constructor(sources: readonly SiteNetworkSource[]) {
    for (const { siteId, networks } of sources) {
      for (const text of networks) {
        const cidr = parseCidr(text);
        if (cidr) this.entries.push({ siteId, cidr });
        else this.invalid.push(`${siteId}: ${text}`);
      }
    }
    // Sorted once, most specific first (the sort is stable), so the first containing network is the answer.
    this.entries.sort((a, b) => b.cidr.prefix - a.cidr.prefix);
  }

  /** How many valid networks the table holds. */
  get size(): number {
    return this.entries.length;
  }

  /** The site whose most specific network contains the address; null when none does or it is no address. */
  siteFor(address: string): string | null {
    const ip = senderIp(address);
    if (!ip) return null;
    return this.entries.find((entry) => cidrContains(entry.cidr, ip))?.siteId ?? null;
  }
}
