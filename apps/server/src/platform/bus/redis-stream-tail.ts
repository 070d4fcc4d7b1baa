import type { Redis } from "ioredis";
import { pause, type RawEntry, settleOnClose } from "./redis-entries.ts";

const READ_COUNT = 500;
const RETRY_MS = 1_000;
/** Closing waits this long at most for the reading loop (a live read ends at once on disconnect). */
const CLOSE_WAIT_MS = 500;

/** What a tail reports: the entries read from one stream, in stream order. */
export type TailListener = (key: string, entries: RawEntry[]) => void;

/**
 * Follows a changing set of streams with plain XREAD on one dedicated blocking connection (fan-out:
 * every node tails every stream). Each stream is followed from the last entry that existed when it
 * was added, so nothing published after `follow()` returns is missed.
 */
export class StreamTail {
  private readonly cursors = new Map<string, Promise<string>>();
  private readerId: number | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly loop: Promise<void>;

  constructor(
    private readonly commands: Redis,
    private readonly reader: Redis,
    private readonly listener: TailListener,
    private readonly onError: (key: string, error: unknown) => void,
    private readonly blockMs: number,
  ) {
    // A new connection has a new client id: the old one must not be the target of CLIENT UNBLOCK.
    reader.on("close", () => {
      this.readerId = null;
    });
    this.loop = this.run();
  }

  /** Starts following a stream (no-op when already followed). */
  follow(key: string): void {
    if (this.cursors.has(key)) return;
    // Sent on the publishing connection, so it is answered before any later XADD of this process.
    const cursor = this.commands
      .xrevrange(key, "+", "-", "COUNT", 1)
      .then((last) => last[0]?.[0] ?? "0-0")
      .catch((error: unknown) => {
        this.onError(key, error);
        return "$";
      });
    this.cursors.set(key, cursor);
    this.interrupt();
  }

  /** Resolves once every stream followed so far has its starting point: later publishes reach this node. */
  async established(): Promise<void> {
    await Promise.all(this.cursors.values());
  }

  /** Stops following a stream. */
  unfollow(key: string): void {
    if (this.cursors.delete(key)) this.interrupt();
  }

  /** Ends the loop and closes the reading connection. */
  async close(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.reader.disconnect();
    // A read queued while Redis is unreachable is never settled by disconnect() (ioredis keeps it for a
    // reconnection that will not come): the loop is left behind rather than awaited forever.
    await Promise.race([this.loop, pause(CLOSE_WAIT_MS)]);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.cursors.size) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
        continue;
      }
      try {
        await this.readOnce();
      } catch (error) {
        if (this.stopped) return;
        this.readerId = null;
        this.onError("(tail)", error);
        await pause(RETRY_MS);
      }
    }
  }

  private async readOnce(): Promise<void> {
    const keys = [...this.cursors.keys()];
    const ids = await Promise.all(keys.map((key) => this.cursors.get(key)!));
    if (this.readerId === null) {
      const id = await settleOnClose(this.reader, this.reader.client("ID"));
      if (id === null) return;
      this.readerId = Number(id);
    }
    const reply = (await settleOnClose(
      this.reader,
      this.reader.xread("COUNT", READ_COUNT, "BLOCK", this.blockMs, "STREAMS", ...keys, ...ids),
    )) as [string, RawEntry[]][] | null;
    for (const [key, entries] of reply ?? []) {
      const last = entries.at(-1);
      // A stream unfollowed during the read keeps no cursor and gets no delivery.
      if (!last || !this.cursors.has(key)) continue;
      this.cursors.set(key, Promise.resolve(last[0]));
      this.listener(key, entries);
    }
  }

  // A read blocked on the old set of streams is cut short so the new set takes effect at once.
  private interrupt(): void {
    this.wake?.();
    if (this.readerId !== null) this.commands.client("UNBLOCK", this.readerId).catch(() => undefined);
  }
}
