import type { Logger } from "pino";
import type { Config } from "../../config.ts";
import { IndicatorSet } from "../../modules/threat-intel/indicator-set.ts";
import { IndicatorsRepository } from "../../modules/threat-intel/indicators.repository.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import type { Metrics } from "../../platform/metrics.ts";
import { loadSiteNetworks, SiteNetworks } from "../syslog/site-networks.ts";
import { Enrichment, lazyGeoDatabase } from "./index.ts";

/** A node's enrichment and the in-memory copies it reads, each reloaded on its own bus topic. */
export interface EnrichmentParts {
  enrichment: Enrichment;
  /** The sites' networks (null with `VIGIE_ENRICHMENT=off`). */
  enrichmentSites: SiteNetworks | null;
  /** The active threat indicators (null with `VIGIE_ENRICHMENT=off`: matching is an enricher). */
  indicators: IndicatorSet | null;
  stop(): void;
}

interface Deps {
  config: Config;
  db: Database;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/** Loads what the enrichers read (site networks, indicators; the geolocation files lazily) and builds them. */
export async function createEnrichment({
  config,
  db,
  bus,
  clock,
  logger,
  metrics,
}: Deps): Promise<EnrichmentParts> {
  const on = config.VIGIE_ENRICHMENT === "on";
  const enrichmentSites = on ? new SiteNetworks({ load: loadSiteNetworks(db), bus, logger }) : null;
  await enrichmentSites?.start();
  const repository = new IndicatorsRepository(db);
  const indicators = on
    ? new IndicatorSet({ load: () => repository.active(clock.now()), bus, logger })
    : null;
  await indicators?.start();
  metrics.gauge("vigie_threat_indicators", "Active threat indicators this node matches events against", () =>
    indicators ? indicators.size : 0,
  );
  const enrichment =
    enrichmentSites && indicators
      ? Enrichment.of(
          { sites: enrichmentSites, geo: lazyGeoDatabase(logger, config.VIGIE_GEOIP_DIR), indicators },
          (enricher, error) => logger.error({ err: error, enricher }, "enrichment: an enricher failed"),
        )
      : Enrichment.off();
  return {
    enrichment,
    enrichmentSites,
    indicators,
    stop() {
      enrichmentSites?.stop();
      indicators?.stop();
    },
  };
}
