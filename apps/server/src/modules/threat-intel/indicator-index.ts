import { canonicalIp, canonicalUrl, type IndicatorKind } from "./indicator-values.ts";

/** An indicator the matcher holds: what a matching event is tagged with. */
export interface IndicatorHit {
  kind: IndicatorKind;
  value: string;
  source: string;
  confidence: number;
}

/** An event's fields the matcher reads. */
export interface MatchableEvent {
  source_ip?: string | null;
  dest_ip?: string | null;
  normalized: Record<string, unknown>;
}

/** A match: the indicator and the event field that carried it. */
export interface IndicatorMatch extends IndicatorHit {
  field: string;
}

/** `normalized` fields that may name a domain (DNS queries, TLS names, HTTP hosts of the decoders). */
export const DOMAIN_FIELDS = [
  "query",
  "QueryName",
  "dns_query",
  "domain",
  "rrname",
  "server_name",
  "sni",
  "host",
  "DestinationHostname",
];
/** `normalized` fields that may hold a URL (the host is checked against domains too). */
export const URL_FIELDS = ["url"];
/** `normalized` fields that may hold file hashes, alone or as Sysmon writes them (`SHA256=…,MD5=…`). */
export const HASH_FIELDS = ["Hashes", "hashes", "hash", "file_hash", "md5", "sha1", "sha256"];

const HEX = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/;

function v4Number(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) n = n * 256 + Number(part);
  return Number.isInteger(n) ? n : null;
}

/**
 * The active indicators in memory, for a synchronous lookup per event field: one map per kind for exact
 * values, IPv4 networks as one map per prefix length (an address is masked once per length present,
 * most specific first), domains matched with their subdomains by walking up the labels.
 */
export class IndicatorIndex {
  readonly size: number;
  private readonly exact = new Map<string, IndicatorHit>();
  private readonly v4 = new Map<number, Map<number, IndicatorHit>>();
  private readonly v6: { network: bigint; bits: number; hit: IndicatorHit }[] = [];
  private readonly kinds = new Set<IndicatorKind>();
  private v4Lengths: number[] = [];

  constructor(indicators: readonly IndicatorHit[]) {
    for (const hit of indicators) this.add(hit);
    this.size = indicators.length;
    this.v4Lengths = [...this.v4.keys()].sort((a, b) => b - a);
  }

  /** The best indicator (highest confidence) an event carries, or null. */
  match(event: MatchableEvent): IndicatorMatch | null {
    if (this.size === 0) return null;
    let best: IndicatorMatch | null = null;
    const consider = (hit: IndicatorHit | null | undefined, field: string) => {
      if (hit && (!best || hit.confidence > best.confidence)) best = { ...hit, field };
    };
    if (event.source_ip) consider(this.address(event.source_ip), "source_ip");
    if (event.dest_ip) consider(this.address(event.dest_ip), "dest_ip");
    const n = event.normalized;
    if (this.kinds.has("domain") || this.kinds.has("url"))
      for (const field of DOMAIN_FIELDS)
        if (typeof n[field] === "string") consider(this.domain(n[field]), field);
    if (this.kinds.has("domain") || this.kinds.has("url"))
      for (const field of URL_FIELDS) if (typeof n[field] === "string") consider(this.url(n[field]), field);
    if (this.kinds.has("hash"))
      for (const field of HASH_FIELDS)
        if (typeof n[field] === "string") consider(this.hashes(n[field]), field);
    return best;
  }

  private add(hit: IndicatorHit): void {
    this.kinds.add(hit.kind);
    if (hit.kind === "cidr") {
      this.addNetwork(hit);
      return;
    }
    const key = `${hit.kind}:${hit.value}`;
    const known = this.exact.get(key);
    if (!known || hit.confidence > known.confidence) this.exact.set(key, hit);
  }

  private addNetwork(hit: IndicatorHit): void {
    const [address = "", bits = "0"] = hit.value.split("/");
    const length = Number(bits);
    if (address.includes(":")) {
      this.v6.push({ network: v6BigInt(address), bits: length, hit });
      return;
    }
    const byNetwork = this.v4.get(length) ?? new Map<number, IndicatorHit>();
    this.v4.set(length, byNetwork);
    const network = v4Number(address)!;
    const known = byNetwork.get(network);
    if (!known || hit.confidence > known.confidence) byNetwork.set(network, hit);
  }

  private address(ip: string): IndicatorHit | null {
    const canonical = ip.includes(":") ? canonicalIp(ip) : ip;
    if (!canonical) return null;
    const exact = this.exact.get(`ip:${canonical}`);
    if (exact) return exact;
    if (canonical.includes(":")) return this.v6Network(canonical);
    const n = v4Number(canonical);
    if (n === null) return null;
    for (const length of this.v4Lengths) {
      const masked = length === 0 ? 0 : Math.floor(n / 2 ** (32 - length)) * 2 ** (32 - length);
      const hit = this.v4.get(length)?.get(masked);
      if (hit) return hit;
    }
    return null;
  }

  private v6Network(ip: string): IndicatorHit | null {
    if (!this.v6.length) return null;
    const n = v6BigInt(ip);
    for (const { network, bits, hit } of this.v6)
      if (n >> BigInt(128 - bits) === network >> BigInt(128 - bits)) return hit;
    return null;
  }

  private domain(text: string): IndicatorHit | null {
    let name = text.toLowerCase();
    if (name.endsWith(".")) name = name.slice(0, -1);
    for (;;) {
      const hit = this.exact.get(`domain:${name}`);
      if (hit) return hit;
      const dot = name.indexOf(".");
      if (dot < 0) return null;
      name = name.slice(dot + 1);
    }
  }

  private url(text: string): IndicatorHit | null {
    const canonical = canonicalUrl(text);
    if (!canonical) return null;
    return this.exact.get(`url:${canonical}`) ?? this.domain(canonical.split(/[/:?]/)[0] ?? "");
  }

  private hashes(text: string): IndicatorHit | null {
    for (const token of text.toLowerCase().split(/[\s,;=:]+/))
      if (HEX.test(token)) {
        const hit = this.exact.get(`hash:${token}`);
        if (hit) return hit;
      }
    return null;
  }
}

function v6BigInt(ip: string): bigint {
  const [head = "", tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g || "0", 16)), 0n);
}
