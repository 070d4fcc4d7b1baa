import { createSocket, type Socket } from "node:dgram";
import { isIPv6 } from "node:net";
import { performance } from "node:perf_hooks";
import { acceptMessage } from "./accept.ts";
import { Batcher } from "./batcher.ts";
import { DatagramQueue, type DatagramQueueLimits, type DatagramVisitor } from "./datagram-queue.ts";
import { kernelUdpDrops } from "./kernel-drops.ts";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  emptyStats,
  type Receiver,
  type ReceiverOptions,
  senderAddress,
} from "./types.ts";

/**
 * Kernel receive buffer asked for: it holds what arrives while the event loop is busy elsewhere. Linux
 * grants at most `net.core.rmem_max` (and reports twice what it grants); see docs/SYSLOG.md.
 */
export const RECEIVE_BUFFER_BYTES = 32 * 1024 * 1024;
// Below this, a refused size is not worth retrying smaller: the system default is as good.
const SMALLEST_BUFFER_BYTES = 256 * 1024;
// Parsing runs in slices this long, so the socket is read (32 datagrams per loop turn, libuv's limit)
// between slices: a parsing backlog waits in our queue, where it is counted, not in the kernel's.
const PARSE_SLICE_MS = 1;
const KERNEL_DROPS_REFRESH_MS = 1_000;

/** UDP receiver settings: the common ones and the bounds of the queue of datagrams waiting to be parsed. */
export interface UdpReceiverOptions extends ReceiverOptions {
  queue?: DatagramQueueLimits;
}

/**
 * Asks for `bytes` of kernel receive buffer, halving on refusal (macOS refuses sizes past
 * `kern.ipc.maxsockbuf`; Linux caps silently), and returns the size the socket has.
 */
function enlargeReceiveBuffer(socket: Socket, bytes: number): number {
  for (let size = bytes; size >= SMALLEST_BUFFER_BYTES; size /= 2) {
    try {
      socket.setRecvBufferSize(size);
      break;
    } catch {
      // Too large for this system: try half.
    }
  }
  return socket.getRecvBufferSize();
}

/**
 * Starts a UDP syslog receiver: one message per datagram. The message handler only queues the datagram
 * (refused senders never enter the queue); parsing happens in short slices between socket reads. While
 * the sink is behind, parsing waits and datagrams wait in the bounded queue; past its bounds they are
 * dropped and counted (`dropped`), since UDP cannot slow the sender down. What the kernel itself dropped
 * is read from /proc (`kernelDropped`).
 */
export async function startUdpReceiver(options: UdpReceiverOptions): Promise<Receiver> {
  const host = options.host ?? "0.0.0.0";
  const socket = createSocket(isIPv6(host) ? "udp6" : "udp4");
  const stats = emptyStats();
  const batcher = new Batcher({ sink: options.sink, receiver: "syslog-udp", stats, ...options.batch });
  const ctx = { batcher, stats, now: options.now ?? (() => new Date()) };
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const queue = new DatagramQueue(options.queue);

  const accept: DatagramVisitor = (datagram, siteId, senderIp) => {
    const text = datagram.toString("utf8", 0, maxBytes);
    acceptMessage(ctx, text, datagram.length > maxBytes, siteId, senderIp);
  };
  let parseScheduled = false;
  const parseSlice = () => {
    parseScheduled = false;
    const deadline = performance.now() + PARSE_SLICE_MS;
    while (!batcher.saturated && performance.now() < deadline) {
      if (!queue.shift(accept)) break;
    }
    schedule();
  };
  // Nothing to do while the sink is behind: the batcher's drain resumes parsing.
  const schedule = () => {
    if (parseScheduled || queue.length === 0 || batcher.saturated) return;
    parseScheduled = true;
    setImmediate(parseSlice);
  };
  batcher.onDrain(schedule);

  socket.on("message", (datagram, remote) => {
    const senderIp = senderAddress(remote.address);
    const siteId = options.resolveSite(senderIp);
    if (siteId === null) stats.rejectedSenders++;
    else if (!queue.push(datagram, siteId, senderIp)) stats.dropped++;
    else schedule();
  });
  socket.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(options.port, host, () => resolve());
  });
  const port = socket.address().port;
  stats.receiveBufferBytes = enlargeReceiveBuffer(socket, RECEIVE_BUFFER_BYTES);
  const readKernelDrops = async () => {
    stats.kernelDropped = (await kernelUdpDrops(port)) ?? stats.kernelDropped;
  };
  await readKernelDrops();
  const refresh = setInterval(readKernelDrops, KERNEL_DROPS_REFRESH_MS).unref();

  return {
    port,
    stats,
    async close() {
      clearInterval(refresh);
      await readKernelDrops();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      // Everything queued still goes to the sink, at the pace the sink takes it.
      while (queue.length > 0) {
        if (batcher.saturated) await batcher.flush();
        else parseSlice();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await batcher.flush();
    },
  };
}
