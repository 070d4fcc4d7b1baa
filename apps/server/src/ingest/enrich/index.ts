import type { Logger } from "pino";
import type { EventRow } from "../event-row.ts";
import { type GeoDatabase, geoFiles, sharedGeoDatabase } from "./geo-database.ts";
import { geoEnricher } from "./geo-enricher.ts";
import { type IndicatorLookup, indicatorEnricher } from "./indicator-enricher.ts";
import { type SiteLookup, siteEnricher } from "./site-enricher.ts";
import type { Enricher } from "./types.ts";

/** What the enrichers are built from. */
export interface EnrichmentDeps {
  /** Which site's networks hold an address. */
  sites: SiteLookup;
  /** The offline country and AS database, opened at its first use; null when it cannot be read. */
  geo: () => GeoDatabase | null;
  /** The threat indicators loaded on this node (none when absent). */
  indicators?: IndicatorLookup;
}

const NO_INDICATORS: IndicatorLookup = { match: () => null };

/**
 * The registry of enrichers, applied in this order to every accepted event. A new kind of enrichment
 * (threat intelligence, assets) is one more entry here.
 */
export const ENRICHERS: readonly { name: string; create: (deps: EnrichmentDeps) => Enricher }[] = [
  { name: "site", create: (deps) => siteEnricher(deps.sites) },
  { name: "geo", create: (deps) => geoEnricher(deps.geo) },
  { name: "threat-intel", create: (deps) => indicatorEnricher(deps.indicators ?? NO_INDICATORS) },
];

/** Runs the registered enrichers over the rows the pipeline accepted, before they are stored. */
export class Enrichment {
  constructor(
    private readonly enrichers: readonly Enricher[],
    /** Hears an enricher that threw: the batch is stored without the rest of that enricher's fields. */
    private readonly onError: (enricher: string, error: unknown) => void = () => undefined,
  ) {}

  /** No enrichment at all (`VIGIE_ENRICHMENT=off`). */
  static off(): Enrichment {
    return new Enrichment([]);
  }

  /** Every registered enricher over these dependencies. */
  static of(deps: EnrichmentDeps, onError?: (enricher: string, error: unknown) => void): Enrichment {
    return new Enrichment(
      ENRICHERS.map((entry) => entry.create(deps)),
      onError,
    );
  }

  /** The names of the enrichers that run, in order. */
  get names(): string[] {
    return this.enrichers.map((e) => e.name);
  }

  /** Lets each enricher read its data now (at start), not when the first event needs it. */
  warm(): void {
    for (const enricher of this.enrichers) enricher.warm?.();
  }

  /** Adds every enricher's fields to each row's `normalized`, in place. */
  enrich(rows: readonly EventRow[]): void {
    for (const enricher of this.enrichers) {
      // Enrichment adds context; a fault in it must never cost the events themselves.
      try {
        for (const row of rows) enricher.enrich(row);
      } catch (error) {
        this.onError(enricher.name, error);
      }
    }
  }
}

/**
 * Opens the database of the packages (or of `folder`) at the first call; a failure is logged once and
 * leaves geolocation off for this process instead of refusing events.
 */
export function lazyGeoDatabase(logger: Pick<Logger, "error" | "info">, folder?: string) {
  let state: GeoDatabase | null | undefined;
  return (): GeoDatabase | null => {
    if (state !== undefined) return state;
    const started = performance.now();
    try {
      state = sharedGeoDatabase(geoFiles(folder));
      logger.info({ ms: Math.round(performance.now() - started) }, "enrichment: geolocation database read");
    } catch (error) {
      state = null;
      logger.error({ err: error }, "enrichment: cannot read the geolocation database; no country or AS");
    }
    return state;
  };
}
