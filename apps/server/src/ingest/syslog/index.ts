import type { IngestSink } from "../sink.ts";
import { type SyslogParseStats, syslogParseStats } from "./counters.ts";
import { startTcpReceiver } from "./receivers/tcp.ts";
import { startTlsReceiver } from "./receivers/tls.ts";
import type { Receiver, ReceiverOptions, ReceiverStats } from "./receivers/types.ts";
import { startUdpReceiver } from "./receivers/udp.ts";

export { type SyslogParseStats, syslogParseStats } from "./counters.ts";
export { DECODERS, decode } from "./decoders/index.ts";
export { buildEvent, toSyslogEvent } from "./event.ts";
export { parseMessage } from "./parse/index.ts";
export { startTcpReceiver } from "./receivers/tcp.ts";
export { startTlsReceiver, type TlsReceiverOptions } from "./receivers/tls.ts";
export type { Receiver, ReceiverOptions, ReceiverStats } from "./receivers/types.ts";
export { startUdpReceiver } from "./receivers/udp.ts";
export type { Decoder, ParsedMessage, SyslogEvent } from "./types.ts";

/** The syslog part of the configuration (`VIGIE_SYSLOG_*`); an unset port leaves that receiver off. */
export interface SyslogSettings {
  udpPort?: number | null;
  tcpPort?: number | null;
  tlsPort?: number | null;
  tlsCertPath?: string | null;
  tlsKeyPath?: string | null;
  /** Bind address (default "0.0.0.0"). */
  host?: string;
  /** `VIGIE_SYSLOG_DEFAULT_SITE`: the site of senders no site network claims; unset = refuse them. */
  defaultSiteId?: string | null;
  maxMessageBytes?: number;
  idleTimeoutMs?: number;
}

/** What the receivers need from the rest of the server. */
export interface SyslogDependencies {
  sink: IngestSink;
  /** The site whose sender networks contain this address, or null (then the default site applies). */
  siteForSender?: (senderIp: string) => string | null;
}

/** The running syslog receivers. */
export interface SyslogReceivers {
  udp: Receiver | null;
  tcp: Receiver | null;
  tls: Receiver | null;
  /** Counters for metrics: per receiver, and what the parser made of the messages. */
  stats(): {
    udp: ReceiverStats | null;
    tcp: ReceiverStats | null;
    tls: ReceiverStats | null;
    parse: SyslogParseStats;
  };
  close(): Promise<void>;
}

/** Starts the receivers whose port is set; throws at startup when TLS is asked for without cert and key. */
export async function startSyslogReceivers(
  settings: SyslogSettings,
  deps: SyslogDependencies,
): Promise<SyslogReceivers> {
  if (settings.tlsPort && !(settings.tlsCertPath && settings.tlsKeyPath)) {
    throw new Error("VIGIE_SYSLOG_TLS_PORT needs VIGIE_SYSLOG_TLS_CERT and VIGIE_SYSLOG_TLS_KEY");
  }
  const common = (port: number): ReceiverOptions => ({
    port,
    host: settings.host,
    sink: deps.sink,
    resolveSite: (ip) => deps.siteForSender?.(ip) ?? settings.defaultSiteId ?? null,
    maxMessageBytes: settings.maxMessageBytes,
    idleTimeoutMs: settings.idleTimeoutMs,
  });
  const { udpPort, tcpPort, tlsPort, tlsCertPath, tlsKeyPath } = settings;
  const started: Receiver[] = [];
  const track = async (receiver: Promise<Receiver> | null) => {
    const r = await receiver;
    if (r) started.push(r);
    return r;
  };
  try {
    const udp = await track(udpPort ? startUdpReceiver(common(udpPort)) : null);
    const tcp = await track(tcpPort ? startTcpReceiver(common(tcpPort)) : null);
    const tls = await track(
      tlsPort ? startTlsReceiver({ ...common(tlsPort), certPath: tlsCertPath!, keyPath: tlsKeyPath! }) : null,
    );
    return {
      udp,
      tcp,
      tls,
      stats: () => ({
        udp: udp?.stats ?? null,
        tcp: tcp?.stats ?? null,
        tls: tls?.stats ?? null,
        parse: syslogParseStats(),
      }),
      close: async () => {
        await Promise.all(started.map((r) => r.close()));
      },
    };
  } catch (error) {
    // A port already in use must not leave the other receivers listening.
    await Promise.all(started.map((r) => r.close()));
    throw error;
  }
}
