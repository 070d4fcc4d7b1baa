import type { Server, Socket } from "node:net";
import { type AcceptContext, acceptMessage } from "./accept.ts";
import { Batcher } from "./batcher.ts";
import { FrameDecoder } from "./framing.ts";
import {
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  emptyStats,
  type Receiver,
  type ReceiverOptions,
  senderAddress,
} from "./types.ts";

interface StreamContext extends AcceptContext {
  options: ReceiverOptions;
  sockets: Set<Socket>;
  paused: Set<Socket>;
}

function serveConnection(ctx: StreamContext, socket: Socket): void {
  const { stats, options, batcher } = ctx;
  const senderIp = senderAddress(socket.remoteAddress);
  const siteId = options.resolveSite(senderIp);
  if (siteId === null) {
    stats.rejectedSenders++;
    socket.destroy();
    return;
  }
  stats.connections++;
  stats.openConnections++;
  ctx.sockets.add(socket);
  const decoder = new FrameDecoder(options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  const deliver = (frames: ReturnType<FrameDecoder["push"]>) => {
    for (const frame of frames) acceptMessage(ctx, frame.text, frame.truncated, siteId, senderIp);
  };
  socket.setTimeout(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () => {
    stats.idleTimeouts++;
    socket.destroy();
  });
  socket.on("data", (chunk: Buffer) => {
    deliver(decoder.push(chunk));
    // Back-pressure: stop reading until the sink catches up, so the kernel window throttles the sender.
    if (batcher.saturated) {
      socket.pause();
      ctx.paused.add(socket);
    }
  });
  socket.on("end", () => {
    deliver(decoder.end());
    socket.end();
  });
  // Resets and TLS failures end in "close"; without a listener they would crash the process.
  socket.on("error", () => {});
  socket.on("close", () => {
    ctx.sockets.delete(socket);
    ctx.paused.delete(socket);
    stats.openConnections--;
  });
}

/**
 * Serves syslog over a stream server (plain TCP or TLS): one connection per sender, RFC 6587 framing,
 * batches to the sink. `event` is the server's event that hands over a ready socket.
 */
export async function listenStream(
  server: Server,
  event: "connection" | "secureConnection",
  options: ReceiverOptions,
  receiver: string,
): Promise<Receiver> {
  const stats = emptyStats();
  const batcher = new Batcher({ sink: options.sink, receiver, stats, ...options.batch });
  const ctx: StreamContext = {
    batcher,
    stats,
    options,
    now: options.now ?? (() => new Date()),
    sockets: new Set(),
    paused: new Set(),
  };
  batcher.onDrain(() => {
    for (const socket of ctx.paused) socket.resume();
    ctx.paused.clear();
  });
  server.on(event, (socket: Socket) => serveConnection(ctx, socket));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    stats,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of ctx.sockets) socket.destroy();
      await closed;
      await batcher.flush();
    },
  };
}
