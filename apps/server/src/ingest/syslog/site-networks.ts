import type { Logger } from "pino";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Database } from "../../platform/db/database.ts";
import { Refresher } from "../../platform/refresher.ts";
import { NetworkTable, type SiteNetworkSource } from "./cidr.ts";

/** Counters of the sender-to-site mapping, for metrics. */
export interface SiteNetworkStats {
  /** Valid networks loaded, and listed networks that did not parse (ignored). */
  networks: number;
  invalidNetworks: number;
  /** Distinct sender addresses whose answer is cached now. */
  cachedAddresses: number;
  /** Lookups answered by a site network, and lookups no network claimed (default site or refusal). */
  matched: number;
  unmatched: number;
  reloads: number;
  reloadErrors: number;
}

/** How the mapping is fed and refreshed. */
export interface SiteNetworksOptions {
  load: () => Promise<SiteNetworkSource[]>;
  /** Reloads on `sites.changed` (every node hears it: the bus fans it out). */
  bus?: Bus;
  /** Periodic reload, in case a change notice was missed (default 30 s). */
  reloadEveryMs?: number;
  /** Distinct addresses remembered before the cache starts over (default 10,000). */
  maxCachedAddresses?: number;
  logger?: Pick<Logger, "warn" | "error">;
}

/** Reads every site's sender networks. */
export function loadSiteNetworks(db: Database): () => Promise<SiteNetworkSource[]> {
  return async () => {
    const { rows } = await db.pool.query<{ id: string; networks: string[] }>(
      "SELECT id, networks FROM sites WHERE cardinality(networks) > 0 ORDER BY id",
    );
    return rows.map((row) => ({ siteId: row.id, networks: row.networks }));
  };
}

/**
 * Maps a syslog sender address to the site whose networks contain it (longest prefix). Lookups are
 * synchronous, from memory, and cached per address because they happen once per UDP datagram; the
 * networks are reloaded periodically and whenever a site changes.
 */
export class SiteNetworks {
  private table = new NetworkTable([]);
  private readonly cache = new Map<string, string | null>();
  private readonly counters = { matched: 0, unmatched: 0, reloads: 0, reloadErrors: 0 };
  private reportedInvalid = "";
  private readonly refresher: Refresher;

  constructor(private readonly options: SiteNetworksOptions) {
    this.refresher = new Refresher({
      loadOnce: () => this.loadOnce(),
      everyMs: options.reloadEveryMs ?? 30_000,
      ...(options.bus ? { bus: options.bus } : {}),
      topic: "sites.changed",
    });
  }

  /** Loads the networks (a failure is counted and leaves the mapping empty), then keeps them fresh. */
  start(): Promise<void> {
    return this.refresher.start();
  }

  /** The site claiming this sender address, or null when no site network contains it. */
  siteFor(address: string): string | null {
    let site = this.cache.get(address);
    if (site === undefined) {
      site = this.table.siteFor(address);
      if (this.cache.size >= (this.options.maxCachedAddresses ?? 10_000)) this.cache.clear();
      this.cache.set(address, site);
    }
    if (site === null) this.counters.unmatched++;
    else this.counters.matched++;
    return site;
  }

  /** Reloads now; calls during a reload are folded into one more reload after it, not lost. */
  reload(): Promise<void> {
    return this.refresher.reload();
  }

  /** A snapshot of the counters. */
  stats(): SiteNetworkStats {
    return {
      networks: this.table.size,
      invalidNetworks: this.table.invalid.length,
      cachedAddresses: this.cache.size,
      ...this.counters,
    };
  }

  /** Stops reloading. */
  stop(): void {
    this.refresher.stop();
  }

  private async loadOnce(): Promise<void> {
    try {
      const table = new NetworkTable(await this.options.load());
      this.table = table;
      this.cache.clear();
      this.counters.reloads++;
      this.reportInvalid(table.invalid);
    } catch (error) {
      // Keep routing with the networks we have; the next reload may succeed.
      this.counters.reloadErrors++;
      this.options.logger?.error({ err: error }, "syslog: could not load site networks");
    }
  }

  private reportInvalid(invalid: string[]): void {
    const key = invalid.join("\n");
    if (key === this.reportedInvalid) return;
    this.reportedInvalid = key;
    if (invalid.length)
      this.options.logger?.warn({ invalid }, "syslog: ignoring site networks that are not CIDRs");
  }
}
