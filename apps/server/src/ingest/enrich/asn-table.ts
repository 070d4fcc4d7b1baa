import { readFileSync } from "node:fs";
import type { IpValue } from "../syslog/cidr.ts";

/** The autonomous system announcing an address. */
export interface AsAnswer {
  asn: number;
  org: string | null;
}

// IPv6 ranges are compared on their upper 64 bits: routed IPv6 blocks are never longer than /64.
const V6_SHIFT = 64n;

/** One parsed line of the ASN CSV files: the range as text, its AS, its organisation. */
type Line = [start: string, end: string, asn: number, org: string];

/** One `start,end,asn,"organisation"` line of the ASN CSV files; null for a line that is not one. */
function parseLine(line: string): Line | null {
  const a = line.indexOf(",");
  const b = line.indexOf(",", a + 1);
  const c = line.indexOf(",", b + 1);
  if (a < 0 || b < 0 || c < 0) return null;
  const asn = Number(line.slice(b + 1, c));
  if (!Number.isInteger(asn) || asn <= 0) return null;
  let org = line.slice(c + 1).trimEnd();
  if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replaceAll('""', '"');
  return [line.slice(0, a), line.slice(a + 1, b), asn, org];
}

/** Calls `each` for every line of a file's text, without an array of all its lines. */
function forEachLine(text: string, each: (line: Line) => void): void {
  for (let from = 0; from < text.length; ) {
    const to = text.indexOf("\n", from);
    const parsed = parseLine(text.slice(from, to < 0 ? text.length : to));
    if (parsed) each(parsed);
    from = to < 0 ? text.length : to + 1;
  }
}

/** Lines in a text: an upper bound on the ranges it holds. */
function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/**
 * Address ranges to AS numbers, read from the numeric CSV files of `@ip-location-db/asn` (one range per
 * line, sorted by start; where two overlap, the later one answers) into typed arrays searched by
 * bisection: no object per range.
 */
export class AsnTable {
  private readonly orgs: string[] = [];
  private readonly v4: { starts: Uint32Array; ends: Uint32Array; asns: Uint32Array; orgs: Uint32Array };
  private readonly v6: {
    starts: BigUint64Array;
    ends: BigUint64Array;
    asns: Uint32Array;
    orgs: Uint32Array;
  };

  constructor(ipv4NumCsv: string, ipv6NumCsv: string) {
    const orgIndex = new Map<string, number>();
    // A slice keeps its whole file alive in V8: each distinct organisation is copied once instead.
    const indexOf = (org: string) => {
      let index = orgIndex.get(org);
      if (index === undefined) {
        index = this.orgs.push(Buffer.from(org).toString()) - 1;
        orgIndex.set(org, index);
      }
      return index;
    };
    this.v4 = this.read(ipv4NumCsv, new Uint32Array(lineCount(ipv4NumCsv)), Number, indexOf);
    this.v6 = this.read(
      ipv6NumCsv,
      new BigUint64Array(lineCount(ipv6NumCsv)),
      (s) => BigInt(s) >> V6_SHIFT,
      indexOf,
    );
  }

  /** Reads both files of a folder (`asn-ipv4-num.csv`, `asn-ipv6-num.csv`). */
  static fromFolder(folder: string): AsnTable {
    return new AsnTable(
      readFileSync(`${folder}/asn-ipv4-num.csv`, "utf8"),
      readFileSync(`${folder}/asn-ipv6-num.csv`, "utf8"),
    );
  }

  /** How many ranges were read, per family. */
  get size(): { v4: number; v6: number } {
    return { v4: this.v4.starts.length, v6: this.v6.starts.length };
  }

  /** The AS of an address, or null when no range holds it. */
  lookup(ip: IpValue): AsAnswer | null {
    const table = ip.family === 4 ? this.v4 : this.v6;
    const key = ip.family === 4 ? ip.value : ip.value >> V6_SHIFT;
    const at = lastAtMost(table.starts, ip.family === 4 ? Number(key) : key);
    if (at < 0 || key > BigInt(table.ends[at]!)) return null;
    return { asn: table.asns[at]!, org: this.orgs[table.orgs[at]!] || null };
  }

  private read<A extends Uint32Array | BigUint64Array>(
    csv: string,
    bounds: A,
    bound: (text: string) => A[number],
    indexOf: (org: string) => number,
  ) {
    const capacity = bounds.length;
    const [starts, ends] = [bounds, bounds.slice() as A];
    const [asns, orgs] = [new Uint32Array(capacity), new Uint32Array(capacity)];
    let n = 0;
    forEachLine(csv, ([start, end, asn, org]) => {
      starts[n] = bound(start);
      ends[n] = bound(end);
      asns[n] = asn;
      orgs[n++] = indexOf(org);
    });
    return {
      starts: starts.slice(0, n) as A,
      ends: ends.slice(0, n) as A,
      asns: asns.slice(0, n),
      orgs: orgs.slice(0, n),
    };
  }
}

/** The index of the last element ≤ key in an ascending array, or -1. */
function lastAtMost<T extends number | bigint>(sorted: ArrayLike<T>, key: T): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= key) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
