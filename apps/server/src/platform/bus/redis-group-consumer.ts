import type { Redis } from "ioredis";
import { entryPayload, pause, type RawEntry, settleOnClose } from "./redis-entries.ts";

const READ_COUNT = 100;
const RETRY_MS = 1_000;
/** A group made at start reads what is published from now on. */
const FROM_NOW = "$";
/**
 * A group made again because Redis lost it (restarted empty) reads its stream from the start: every
 * entry there was published since the loss, and would otherwise never be detected.
 */
const FROM_START = "0";

/** Where a group consumer reads and how long an entry may stay unacknowledged before another node takes it. */
export interface GroupConsumerOptions {
  key: string;
  group: string;
  consumer: string;
  blockMs: number;
  claimIdleMs: number;
}

/**
 * One member of a Redis consumer group: XREADGROUP hands each entry to exactly one member, which
 * acknowledges it once the handler has settled; XAUTOCLAIM takes over entries another member read
 * but never acknowledged (a dead node) once they have been idle for `claimIdleMs`.
 */
export class GroupConsumer {
  private stopped = false;
  private nextClaimAt = 0;
  private groupReady: Promise<boolean>;
  private readonly loop: Promise<void>;

  constructor(
    private readonly commands: Redis,
    private readonly reader: Redis,
    private readonly options: GroupConsumerOptions,
    private readonly handle: (payload: unknown) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {
    // Created on the publishing connection right away, so a publish that follows is seen by the group.
    this.groupReady = this.ensureGroup();
    this.loop = this.run();
  }

  /** Stops reading; an entry being handled is finished and acknowledged first. */
  async close(): Promise<void> {
    this.stopped = true;
    this.reader.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!(await this.groupReady)) {
          this.groupReady = this.ensureGroup();
          await pause(RETRY_MS);
          continue;
        }
        if (Date.now() >= this.nextClaimAt) await this.claimStale();
        await this.handleAll(await this.readNew());
      } catch (error) {
        if (this.stopped) return;
        this.onError(error);
        // A stream deleted under us (Redis flushed or restarted empty) loses its group: make it again.
        if (String(error).includes("NOGROUP")) this.groupReady = this.ensureGroup(FROM_START);
        await pause(RETRY_MS);
      }
    }
  }

  private async readNew(): Promise<RawEntry[]> {
    const { key, group, consumer, blockMs, claimIdleMs } = this.options;
    // The block never outlasts half the claim period, so stale entries are looked at on time.
    const block = Math.max(1, Math.min(blockMs, Math.floor(claimIdleMs / 2)));
    const reply = (await settleOnClose(
      this.reader,
      this.reader.xreadgroup(
        "GROUP",
        group,
        consumer,
        "COUNT",
        READ_COUNT,
        "BLOCK",
        block,
        "STREAMS",
        key,
        ">",
      ),
    )) as [string, RawEntry[]][] | null;
    return reply?.[0]?.[1] ?? [];
  }

  private async claimStale(): Promise<void> {
    const { key, group, consumer, claimIdleMs } = this.options;
    this.nextClaimAt = Date.now() + claimIdleMs / 2;
    let cursor = "0-0";
    do {
      const [next, entries] = (await this.commands.xautoclaim(
        key,
        group,
        consumer,
        claimIdleMs,
        cursor,
        "COUNT",
        READ_COUNT,
      )) as [string, (RawEntry | null)[]];
      // Entries trimmed from the stream while pending come back empty: nothing left to handle.
      await this.handleAll(entries.filter((e): e is RawEntry => Array.isArray(e) && Array.isArray(e[1])));
      cursor = next;
    } while (cursor !== "0-0" && !this.stopped);
  }

  // A failing handler is reported and its entry acknowledged anyway: a poison message must not come back forever.
  private async handleAll(entries: RawEntry[]): Promise<void> {
    for (const entry of entries) {
      const parsed = entryPayload(entry);
      if (!parsed.ok) this.onError(parsed.error);
      else await this.handle(parsed.payload).catch(this.onError);
      await this.commands.xack(this.options.key, this.options.group, entry[0]);
    }
  }

  // Resolves false (reported) rather than rejecting: the loop retries, and no rejection goes unhandled.
  private async ensureGroup(from = FROM_NOW): Promise<boolean> {
    const { key, group } = this.options;
    try {
      await this.commands.xgroup("CREATE", key, group, from, "MKSTREAM");
      return true;
    } catch (error) {
      if (String(error).includes("BUSYGROUP")) return true;
      if (!this.stopped) this.onError(error);
      return false;
    }
  }
}
