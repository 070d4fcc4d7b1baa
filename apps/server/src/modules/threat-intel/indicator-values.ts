import { isIP } from "node:net";

/** The kinds of indicator (a hash is MD5, SHA-1 or SHA-256, told apart by its length). */
export const INDICATOR_KINDS = ["ip", "cidr", "domain", "url", "hash"] as const;
/** One kind of indicator. */
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** A value in its stored, canonical form, or why it cannot be one. */
export type Normalised = { kind: IndicatorKind; value: string } | { error: string };

const HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/;
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** An IPv6 address as the URL parser writes it (lower case, compressed); IPv4 as given (Node refuses leading zeros). */
export function canonicalIp(text: string): string | null {
  const version = isIP(text);
  if (version === 4) return text;
  if (version !== 6 || text.includes("%")) return null;
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

/** A domain name in lower case without its final dot; null when it is not a host name with a dot. */
export function canonicalDomain(text: string): string | null {
  const name = text.trim().toLowerCase().replace(/\.$/, "");
  if (name.length > 253 || !name.includes(".") || isIP(name)) return null;
  const labels = name.split(".");
  // A top-level label is never all digits: `01.2.3.4` is a mistyped address, not a name.
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) return null;
  return labels.every((label) => LABEL.test(label)) ? name : null;
}

/**
 * A URL without its scheme, fragment or default port, host in lower case, path at least `/`: `example.com/p?q`, the way
 * proxy and Zeek events store it (host then URI), so both sides compare equal.
 */
export function canonicalUrl(text: string): string | null {
  const raw = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (!url.hostname) return null;
  return `${url.host}${url.pathname}${url.search}`;
}

/** A CIDR with its host bits cleared (`10.1.2.3/8` → `10.0.0.0/8`); a full-length prefix is an IP. */
export function canonicalCidr(text: string): Normalised {
  const [address = "", bits = "", extra] = text.split("/");
  const ip = canonicalIp(address.trim());
  const length = Number(bits);
  const max = ip?.includes(":") ? 128 : 32;
  if (!ip || extra !== undefined || !/^\d{1,3}$/.test(bits.trim()) || length > max)
    return { error: "not a valid CIDR" };
  if (length === max) return { kind: "ip", value: ip };
  return { kind: "cidr", value: `${maskedAddress(ip, length)}/${length}` };
}

/** The first address of the network `ip/length`, written canonically. */
function maskedAddress(ip: string, length: number): string {
  const v6 = ip.includes(":");
  const n = addressBigInt(ip);
  const width = v6 ? 128n : 32n;
  const mask = length === 0 ? 0n : ((1n << BigInt(length)) - 1n) << (width - BigInt(length));
  return bigIntAddress(n & mask, v6);
}

/** An address as an unsigned integer (IPv4: 32 bits, IPv6: 128). */
export function addressBigInt(ip: string): bigint {
  if (!ip.includes(":")) return ip.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
  const [head = "", tail] = ip.split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  const expand = (part: string) => groups(part).flatMap((g) => (g.includes(".") ? v4Groups(g) : [g]));
  const left = expand(head);
  const right = tail === undefined ? [] : expand(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return all.reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

const v4Groups = (v4: string) => {
  const n = Number(addressBigInt(v4));
  return [(n >>> 16).toString(16), (n & 0xffff).toString(16)];
};

function bigIntAddress(n: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 255n)).join(".");
  const parts = Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - i * 16)) & 0xffffn).toString(16));
  return canonicalIp(parts.join(":")) ?? parts.join(":");
}

/** A value in its canonical form, of the kind given or recognised from the value itself. */
export function normaliseIndicator(text: string, kind?: IndicatorKind): Normalised {
  const value = text.trim();
  if (!value) return { error: "empty value" };
  if (value.length > 2048) return { error: "longer than 2048 characters" };
  const as = kind ?? recognise(value);
  if (!as) return { error: "not an IP, CIDR, domain, URL or hash" };
  const canonical = CANONICAL[as](value);
  if (typeof canonical === "object" && canonical !== null) return canonical;
  return canonical === null ? { error: `not a valid ${as}` } : { kind: as, value: canonical };
}

const CANONICAL: Record<IndicatorKind, (value: string) => string | null | Normalised> = {
  ip: canonicalIp,
  cidr: canonicalCidr,
  domain: canonicalDomain,
  url: canonicalUrl,
  hash: (value) => (HASH.test(value.toLowerCase()) ? value.toLowerCase() : null),
};

function recognise(value: string): IndicatorKind | null {
  if (isIP(value)) return "ip";
  if (value.includes("/") && isIP(value.split("/")[0] ?? "")) return "cidr";
  if (HASH.test(value.toLowerCase())) return "hash";
  if (value.includes("/") || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return "url";
  return canonicalDomain(value) ? "domain" : null;
}
