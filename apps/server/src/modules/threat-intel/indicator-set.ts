import type { Logger } from "pino";
import type { Bus } from "../../platform/bus/bus.ts";
import {
  type IndicatorHit,
  IndicatorIndex,
  type IndicatorMatch,
  type MatchableEvent,
} from "./indicator-index.ts";

/** How the set is fed and refreshed. */
export interface IndicatorSetOptions {
  /** The indicators not expired now. */
  load: () => Promise<IndicatorHit[]>;
  /** Reloads on `indicators.changed` (every node hears it). */
  bus?: Bus;
  /** Periodic reload, so indicators that expire stop matching and a missed notice heals (default 60 s). */
  reloadEveryMs?: number;
  logger?: Pick<Logger, "error" | "info">;
}

/**
 * The active indicators of this node, in memory for the enricher: loaded at start, reloaded whenever a
 * list changes (on any node) and every minute. A failed reload keeps the indicators it had.
 */
export class IndicatorSet {
  private index = new IndicatorIndex([]);
  private reloading: Promise<void> | null = null;
  private stale = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: IndicatorSetOptions) {}

  /** Loads the indicators, then keeps them fresh. */
  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.options.reloadEveryMs ?? 60_000);
    this.timer.unref();
    this.unsubscribe = this.options.bus?.subscribe("indicators.changed", () => this.reload()) ?? null;
  }

  /** How many indicators are loaded. */
  get size(): number {
    return this.index.size;
  }

  /** The best indicator an event carries, or null. */
  match(event: MatchableEvent): IndicatorMatch | null {
    return this.index.match(event);
  }

  /** Reloads now; calls during a reload fold into one more reload after it. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.stale = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.stale = false;
        try {
          this.index = new IndicatorIndex(await this.options.load());
        } catch (error) {
          this.options.logger?.error({ err: error }, "threat intelligence: could not load indicators");
        }
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
