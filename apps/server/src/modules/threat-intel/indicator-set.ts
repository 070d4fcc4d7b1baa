import type { Logger } from "pino";
import type { Bus } from "../../platform/bus/bus.ts";
import { Refresher } from "../../platform/refresher.ts";
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
  private readonly refresher: Refresher;

  constructor(private readonly options: IndicatorSetOptions) {
    this.refresher = new Refresher({
      loadOnce: () => this.loadOnce(),
      everyMs: options.reloadEveryMs ?? 60_000,
      ...(options.bus ? { bus: options.bus } : {}),
      topic: "indicators.changed",
    });
  }

  /** Loads the indicators, then keeps them fresh. */
  start(): Promise<void> {
    return this.refresher.start();
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
    return this.refresher.reload();
  }

  private async loadOnce(): Promise<void> {
    try {
      this.index = new IndicatorIndex(await this.options.load());
    } catch (error) {
      this.options.logger?.error({ err: error }, "threat intelligence: could not load indicators");
    }
  }

  /** Stops reloading. */
  stop(): void {
    this.refresher.stop();
  }
}
