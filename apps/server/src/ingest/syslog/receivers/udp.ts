import { createSocket } from "node:dgram";
import { isIPv6 } from "node:net";
import { acceptMessage } from "./accept.ts";
import { Batcher } from "./batcher.ts";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  emptyStats,
  type Receiver,
  type ReceiverOptions,
  senderAddress,
} from "./types.ts";

// A larger kernel buffer absorbs bursts while the event loop is busy parsing (the OS may cap it).
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * Starts a UDP syslog receiver: one message per datagram. When the sink is behind, datagrams beyond the
 * batcher's high water are dropped and counted: UDP has no way to slow the sender down.
 */
export async function startUdpReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? "0.0.0.0";
  const socket = createSocket({ type: isIPv6(host) ? "udp6" : "udp4", recvBufferSize: RECEIVE_BUFFER_BYTES });
  const stats = emptyStats();
  const batcher = new Batcher({ sink: options.sink, receiver: "syslog-udp", stats, ...options.batch });
  const ctx = { batcher, stats, now: options.now ?? (() => new Date()) };
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  socket.on("message", (datagram, remote) => {
    const senderIp = senderAddress(remote.address);
    const siteId = options.resolveSite(senderIp);
    if (siteId === null) {
      stats.rejectedSenders++;
      return;
    }
    if (batcher.saturated) {
      stats.dropped++;
      return;
    }
    const truncated = datagram.length > maxBytes;
    const text = datagram.subarray(0, maxBytes).toString("utf8");
    acceptMessage(ctx, text, truncated, siteId, senderIp);
  });
  socket.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(options.port, host, () => resolve());
  });
  return {
    port: socket.address().port,
    stats,
    async close() {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      await batcher.flush();
    },
  };
}
