import { type Config, hasRole } from "../../config.ts";
import type { AppContext } from "../../container.ts";
import { type SyslogReceivers, type SyslogSettings, startSyslogReceivers } from "./index.ts";
import { loadSiteNetworks, type SiteNetworkStats, SiteNetworks } from "./site-networks.ts";

/** Everything syslog ingest counts, as plain numbers: per receiver (null when off), parser, site mapping. */
export type SyslogMetrics = ReturnType<SyslogReceivers["stats"]> & { senders: SiteNetworkStats };

/** Syslog ingest of this process: the receivers and the site mapping that routes their senders. */
export interface SyslogIngest {
  receivers: SyslogReceivers;
  networks: SiteNetworks;
  metrics(): SyslogMetrics;
  /** Stops listening and waits until every received message reached the pipeline. */
  close(): Promise<void>;
}

/** The `VIGIE_SYSLOG_*` part of the configuration; null when no syslog port is set. */
export function syslogSettings(config: Config): SyslogSettings | null {
  const { VIGIE_SYSLOG_UDP_PORT, VIGIE_SYSLOG_TCP_PORT, VIGIE_SYSLOG_TLS_PORT } = config;
  if (!(VIGIE_SYSLOG_UDP_PORT || VIGIE_SYSLOG_TCP_PORT || VIGIE_SYSLOG_TLS_PORT)) return null;
  return {
    udpPort: VIGIE_SYSLOG_UDP_PORT,
    tcpPort: VIGIE_SYSLOG_TCP_PORT,
    tlsPort: VIGIE_SYSLOG_TLS_PORT,
    tlsCertPath: config.VIGIE_SYSLOG_TLS_CERT,
    tlsKeyPath: config.VIGIE_SYSLOG_TLS_KEY,
    defaultSiteId: config.VIGIE_SYSLOG_DEFAULT_SITE,
    // One bind address per node, for HTTP and syslog alike.
    host: config.HOST,
  };
}

// The receivers belong to the process, like the parse counters: /metrics reads them from here.
let running: SyslogIngest | null = null;

/** The syslog counters of this process, or null when it runs no syslog receiver. */
export function syslogMetrics(): SyslogMetrics | null {
  return running?.metrics() ?? null;
}

/**
 * Starts syslog ingest when this node has the `ingest` role and a syslog port is set (null otherwise):
 * site networks first, so the first message is already routed, then the receivers into `ctx.pipeline`.
 */
export async function startSyslog(ctx: AppContext): Promise<SyslogIngest | null> {
  const settings = syslogSettings(ctx.config);
  if (!settings || !hasRole(ctx.config, "ingest")) return null;
  await warnOnUnknownDefaultSite(ctx, settings.defaultSiteId);
  const networks = new SiteNetworks({ load: loadSiteNetworks(ctx.db), bus: ctx.bus, logger: ctx.logger });
  await networks.start();
  const receivers = await startSyslogReceivers(settings, {
    sink: ctx.pipeline,
    siteForSender: (ip) => networks.siteFor(ip),
  }).catch((error: unknown) => {
    networks.stop();
    throw error;
  });
  const ports = { udp: receivers.udp?.port, tcp: receivers.tcp?.port, tls: receivers.tls?.port };
  ctx.logger.info({ ports, default_site: settings.defaultSiteId ?? null }, "syslog receivers listening");
  const ingest: SyslogIngest = {
    receivers,
    networks,
    metrics: () => ({ ...receivers.stats(), senders: networks.stats() }),
    async close() {
      networks.stop();
      await receivers.close();
      if (running === ingest) running = null;
    },
  };
  running = ingest;
  ctx.metrics.statsGauge(
    "vigie_syslog",
    "Syslog receivers, parsing and sender mapping counters",
    ingest.metrics,
  );
  return ingest;
}

async function warnOnUnknownDefaultSite(ctx: AppContext, siteId: string | null | undefined): Promise<void> {
  if (siteId && !(await ctx.sites.find(siteId))) {
    ctx.logger.warn(
      { site_id: siteId },
      "VIGIE_SYSLOG_DEFAULT_SITE names no existing site; its events keep that id",
    );
  }
}
