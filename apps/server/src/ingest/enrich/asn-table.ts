import { readFileSync } from "node:fs";
import type { IpValue } from "../syslog/cidr.ts";

/** The autonomous system announcing an address. */
export interface AsAnswer {
  asn: number;
  org: string | null;
}

// IPv6 ranges are compared on their upper 64 bits: routed IPv6 blocks are never longer than /64.
const V6_SHIFT = 64n;

/** One `start,end,asn,"organisation"` line of the ASN CSV files; null for a line that is not one. */
function parseLine(line: string): [string, string, number, string] | null {
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

/**
 * Address ranges to AS numbers, read from the numeric CSV files of `@ip-location-db/asn` (one range per
 * line, sorted by start, no overlap) into typed arrays searched by bisection: no object per range.
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
    const indexOf = (org: string) => {
      let index = orgIndex.get(org);
      if (index === undefined) {
        index = this.orgs.push(org) - 1;
        orgIndex.set(org, index);
      }
      return index;
    };
    const v4 = this.read(ipv4NumCsv, indexOf);
    this.v4 = {
      starts: Uint32Array.from(v4.starts, Number),
      ends: Uint32Array.from(v4.ends, Number),
      asns: Uint32Array.from(v4.asns),
      orgs: Uint32Array.from(v4.orgs),
    };
    const v6 = this.read(ipv6NumCsv, indexOf);
    this.v6 = {
      starts: BigUint64Array.from(v6.starts, (s) => BigInt(s) >> V6_SHIFT),
      ends: BigUint64Array.from(v6.ends, (s) => BigInt(s) >> V6_SHIFT),
      asns: Uint32Array.from(v6.asns),
      orgs: Uint32Array.from(v6.orgs),
    };
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

  private read(csv: string, indexOf: (org: string) => number) {
    const out = { starts: [] as string[], ends: [] as string[], asns: [] as number[], orgs: [] as number[] };
    for (const line of csv.split("\n")) {
      const parsed = parseLine(line);
      if (!parsed) continue;
      out.starts.push(parsed[0]);
      out.ends.push(parsed[1]);
      out.asns.push(parsed[2]);
      out.orgs.push(indexOf(parsed[3]));
    }
    return out;
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
