import { createServer } from "node:net";
import { listenStream } from "./stream.ts";
import type { Receiver, ReceiverOptions } from "./types.ts";

/** Starts a plain TCP syslog receiver (RFC 6587: octet counting and newline framing, per message). */
export function startTcpReceiver(options: ReceiverOptions): Promise<Receiver> {
  return listenStream(createServer(), "connection", options, "syslog-tcp");
}
