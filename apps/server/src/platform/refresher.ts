import type { Bus, Topic } from "./bus/bus.ts";

/** What a refresher reloads, and when. */
export interface RefresherOptions {
  /** One load; it reports its own failures (a failed load keeps what was loaded before). */
  loadOnce: () => Promise<void>;
  /** Periodic reload, so a missed notice heals. */
  everyMs: number;
  /** Reloads when this topic is published (every node hears it). */
  bus?: Bus;
  topic: Topic;
}

/**
 * Keeps an in-memory copy fresh: loaded at start, then again on a bus topic and on a timer. A reload
 * asked for during another folds into one more after it: never lost, never two at once.
 */
export class Refresher {
  private reloading: Promise<void> | null = null;
  private stale = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: RefresherOptions) {}

  /** Loads, then keeps the copy fresh. */
  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.options.everyMs);
    this.timer.unref();
    this.unsubscribe = this.options.bus?.subscribe(this.options.topic, () => this.reload()) ?? null;
  }

  /** Reloads now; calls during a reload are folded into one more reload after it. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.stale = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.stale = false;
        await this.options.loadOnce();
      } while (this.stale);
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /** Stops reloading. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.timer = null;
    this.unsubscribe = null;
  }
}
