import type { StreamMessage } from "./stream-items.ts";

/**
 * The last `capacity` messages of a stream, oldest first, for `Last-Event-ID` resume. Every node
 * receives every message in the same order, so a client may resume on any node.
 */
export class RecentMessages {
  private readonly ring: (StreamMessage | undefined)[];
  private readonly positions = new Map<string, number>();
  private next = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  /** Remembers a message, forgetting the oldest one past capacity. */
  push(message: StreamMessage): void {
    const slot = this.next % this.capacity;
    const evicted = this.ring[slot];
    if (evicted && this.positions.get(evicted.id) === this.next - this.capacity)
      this.positions.delete(evicted.id);
    this.ring[slot] = message;
    this.positions.set(message.id, this.next);
    this.next++;
  }

  /** The messages after the one with this id, or null when it is unknown or already forgotten. */
  after(id: string): StreamMessage[] | null {
    const position = this.positions.get(id);
    if (position === undefined) return null;
    const out: StreamMessage[] = [];
    for (let p = position + 1; p < this.next; p++) out.push(this.ring[p % this.capacity]!);
    return out;
  }
}
