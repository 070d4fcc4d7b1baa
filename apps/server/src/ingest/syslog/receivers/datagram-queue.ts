/** Limits of a datagram queue: whichever is reached first makes it refuse more. */
export interface DatagramQueueLimits {
  /** Datagrams held at most (default 65,536: over 6 s at 10,000 datagrams/s). */
  maxDatagrams?: number;
  /** Payload bytes held at most (default 64 MiB). */
  maxBytes?: number;
}

/** Called with the oldest queued datagram, its sender's site and address. */
export type DatagramVisitor = (datagram: Buffer, siteId: string, senderIp: string) => void;

/**
 * A bounded FIFO of received datagrams, as a ring of preallocated slots: queuing and taking allocate
 * nothing, so the socket's message handler stays as cheap as Node allows.
 */
export class DatagramQueue {
  private readonly datagrams: (Buffer | null)[];
  private readonly sites: string[];
  private readonly senders: string[];
  private readonly capacity: number;
  private readonly maxBytes: number;
  private head = 0;
  private count = 0;
  private bytes = 0;

  constructor(limits: DatagramQueueLimits = {}) {
    this.capacity = limits.maxDatagrams ?? 65_536;
    this.maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
    this.datagrams = new Array<Buffer | null>(this.capacity).fill(null);
    this.sites = new Array<string>(this.capacity).fill("");
    this.senders = new Array<string>(this.capacity).fill("");
  }

  /** Datagrams waiting. */
  get length(): number {
    return this.count;
  }

  /** Queues a datagram; false (and nothing queued) when the queue is full. */
  push(datagram: Buffer, siteId: string, senderIp: string): boolean {
    if (this.count === this.capacity || this.bytes + datagram.length > this.maxBytes) return false;
    const slot = (this.head + this.count) % this.capacity;
    this.datagrams[slot] = datagram;
    this.sites[slot] = siteId;
    this.senders[slot] = senderIp;
    this.count++;
    this.bytes += datagram.length;
    return true;
  }

  /** Hands the oldest datagram to `visit` and forgets it; false when the queue is empty. */
  shift(visit: DatagramVisitor): boolean {
    if (this.count === 0) return false;
    const slot = this.head;
    const datagram = this.datagrams[slot]!;
    this.datagrams[slot] = null;
    this.head = (slot + 1) % this.capacity;
    this.count--;
    this.bytes -= datagram.length;
    visit(datagram, this.sites[slot]!, this.senders[slot]!);
    return true;
  }
}
