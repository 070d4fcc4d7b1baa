import type { EventRow } from "../event-row.ts";
import { ADDRESS_FIELDS } from "../policy/addresses.ts";

/**
 * One step of enrichment: adds what it knows of an accepted event to its `normalized` document, in place,
 * synchronously (it runs on every ingested event: lookups come from memory). It never refuses an event.
 */
export interface Enricher {
  readonly name: string;
  enrich(row: EventRow): void;
  /** Reads what it needs now rather than at the first event (at start, so no request waits for it). */
  warm?(): void;
}

/** The address columns enrichment reads, each with the prefix of the `normalized` keys it writes. */
export const ENRICHED_ADDRESSES = ADDRESS_FIELDS.map((column) => ({
  column,
  prefix: column === "source_ip" ? "source" : "dest",
}));

/** The `normalized` keys enrichment writes, per address prefix (docs/OPERATIONS.md, "Enrichment"). */
export const enrichedKeys = (prefix: string) => ({
  country: `${prefix}_country`,
  asn: `${prefix}_asn`,
  asOrg: `${prefix}_as_org`,
  site: `${prefix}_site`,
});
