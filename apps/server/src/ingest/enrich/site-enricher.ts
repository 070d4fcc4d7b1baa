import { ENRICHED_ADDRESSES, type Enricher, enrichedKeys } from "./types.ts";

/** Answers which site's networks hold an address (the sites' `networks`, as syslog routing reads them). */
export interface SiteLookup {
  siteFor(address: string): string | null;
}

const KEYS = ENRICHED_ADDRESSES.map((a) => ({ column: a.column, key: enrichedKeys(a.prefix).site }));

/**
 * The site whose networks hold each address of an event (`source_site`, `dest_site`): the most specific
 * network wins. An address no site lists gets nothing.
 */
export function siteEnricher(sites: SiteLookup): Enricher {
  return {
    name: "site",
    enrich(row) {
      for (const { column, key } of KEYS) {
        const address = row[column];
        const site = address ? sites.siteFor(address) : null;
        if (site) row.normalized[key] = site;
      }
    },
  };
}
