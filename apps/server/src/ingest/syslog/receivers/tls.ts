import { readFileSync } from "node:fs";
import { createServer } from "node:tls";
import { listenStream } from "./stream.ts";
import type { Receiver, ReceiverOptions } from "./types.ts";

/** TLS receiver settings: the common ones plus the PEM certificate and key files. */
export interface TlsReceiverOptions extends ReceiverOptions {
  certPath: string;
  keyPath: string;
}

/** Starts a syslog-over-TLS receiver (RFC 5425) on its own port; framing as for TCP. */
export async function startTlsReceiver(options: TlsReceiverOptions): Promise<Receiver> {
  const server = createServer({ cert: readFileSync(options.certPath), key: readFileSync(options.keyPath) });
  const receiver = await listenStream(server, "secureConnection", options, "syslog-tls");
  server.on("tlsClientError", () => {
    receiver.stats.tlsErrors++;
  });
  return receiver;
}
