import type { Redis } from "ioredis";

/** Messages kept while Redis is away, by size of their JSON: beyond it the oldest are given up (reported). */
const MAX_BACKLOG_BYTES = 64 * 1024 * 1024;
const RETRY_MS = 1_000;

/** One message waiting to be appended: its stream and JSON payload. */
interface Waiting {
  key: string;
  json: string;
}

/**
 * Publishes in order over the publishing connection, never waiting for Redis: while it is unreachable
 * (restarting, failing over) messages wait here, bounded in size, and are appended in order once the
 * connection is ready again, so detection and live clients catch up on what was committed meanwhile
 * and the request that published is not held up.
 */
export class PublishBacklog {
  private readonly waiting: Waiting[] = [];
  private bytes = 0;
  private flushing = false;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private connectedOnce = false;

  constructor(
    private readonly commands: Redis,
    private readonly append: (key: string, json: string) => Promise<unknown>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {
    commands.on("ready", () => {
      this.connectedOnce = true;
      void this.flush();
    });
  }

  /** Messages not yet in Redis. */
  get size(): number {
    return this.waiting.length;
  }

  /** Appends now when nothing waits and the connection is ready, else queues behind what waits. */
  async publish(key: string, json: string): Promise<void> {
    const { status } = this.commands;
    if (this.closed || status === "end") {
      this.onError(key, new Error("the bus is closed"));
      return;
    }
    // While first connecting, the connection's own queue keeps this append in order with other commands;
    // once Redis was lost, only a ready connection is tried (a reconnection may take long).
    if (!this.waiting.length && (status === "ready" || !this.connectedOnce)) {
      try {
        await this.append(key, json);
        return;
      } catch (error) {
        this.onError(key, error);
      }
    }
    this.enqueue({ key, json });
  }

  /** Stops retrying; what still waits is given up (the process is stopping). */
  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.waiting.length)
      this.onError("(backlog)", new Error(`${this.waiting.length} messages not published before closing`));
    this.waiting.length = 0;
  }

  private enqueue(message: Waiting): void {
    this.waiting.push(message);
    this.bytes += message.json.length;
    while (this.bytes > MAX_BACKLOG_BYTES && this.waiting.length > 1) {
      const dropped = this.waiting.shift()!;
      this.bytes -= dropped.json.length;
      this.onError(
        dropped.key,
        new Error("bus backlog full while Redis is unreachable: oldest message dropped"),
      );
    }
    this.retry ??= setTimeout(() => {
      this.retry = null;
      void this.flush();
    }, RETRY_MS);
  }

  // Oldest first; stops at the first failure and tries again on the next "ready" or after a second.
  private async flush(): Promise<void> {
    if (this.flushing || this.closed || this.commands.status !== "ready") return;
    this.flushing = true;
    try {
      while (this.waiting.length) {
        const head = this.waiting[0]!;
        await this.append(head.key, head.json);
        this.waiting.shift();
        this.bytes -= head.json.length;
      }
    } catch (error) {
      this.onError("(backlog)", error);
      this.retry ??= setTimeout(() => {
        this.retry = null;
        void this.flush();
      }, RETRY_MS);
    } finally {
      this.flushing = false;
    }
  }
}
