import { senderIp } from "../syslog/cidr.ts";
import type { GeoAnswer, GeoDatabase } from "./geo-database.ts";
import { isPublicAddress } from "./special-ranges.ts";
import { ENRICHED_ADDRESSES, type Enricher, enrichedKeys } from "./types.ts";

// Distinct addresses remembered before the cache starts over: events repeat their addresses a lot.
const CACHE_SIZE = 50_000;
const KEYS = ENRICHED_ADDRESSES.map((a) => ({ column: a.column, keys: enrichedKeys(a.prefix) }));

/**
 * Country and AS of the public addresses of an event (`source_country`, `source_asn`, `source_as_org`,
 * and the same for `dest_`). `database` opens the files at the first public address; when it cannot
 * (null), the enricher adds nothing.
 */
export function geoEnricher(database: () => GeoDatabase | null): Enricher {
  const cache = new Map<string, GeoAnswer | null>();
  const answerFor = (address: string): GeoAnswer | null => {
    let answer = cache.get(address);
    if (answer !== undefined) return answer;
    const ip = senderIp(address);
    answer = ip && isPublicAddress(ip) ? (database()?.lookup(address, ip) ?? null) : null;
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(address, answer);
    return answer;
  };
  return {
    name: "geo",
    warm: () => void database(),
    enrich(row) {
      for (const { column, keys } of KEYS) {
        const address = row[column];
        const answer = address ? answerFor(address) : null;
        if (!answer) continue;
        if (answer.country) row.normalized[keys.country] = answer.country;
        if (answer.asn) {
          row.normalized[keys.asn] = answer.asn.asn;
          if (answer.asn.org) row.normalized[keys.asOrg] = answer.asn.org;
        }
      }
    },
  };
}
