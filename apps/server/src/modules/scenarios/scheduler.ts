import type { ManualClock } from "../../platform/clock.ts";

/** Timers of the scenario runner: real ones in the server, a hand-driven one in tests. */
export interface Scheduler {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  /** Calls `callback` after `ms`; returns a function that cancels it. */
  after(ms: number, callback: () => void): () => void;
}

/** The real timers. */
export const systemScheduler: Scheduler = {
  now: () => performance.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

interface PendingTimer {
  due: number;
  callback: () => void;
}

/**
 * A scheduler tests drive by hand: nothing fires until `advance`, which also moves the `ManualClock`
 * the rest of the application reads (so event times follow the playbook's delays).
 */
export class ManualScheduler implements Scheduler {
  #now = 0;
  readonly #pending = new Set<PendingTimer>();
  #onSchedule: (() => void)[] = [];

  constructor(private readonly clock?: ManualClock) {}

  now(): number {
    return this.#now;
  }

  after(ms: number, callback: () => void): () => void {
    const timer = { due: this.#now + Math.max(0, ms), callback };
    this.#pending.add(timer);
    for (const notify of this.#onSchedule.splice(0)) notify();
    return () => this.#pending.delete(timer);
  }

  /** Milliseconds until the next timer fires, or null when none is pending. */
  get nextDelay(): number | null {
    const next = this.#next();
    return next ? next.due - this.#now : null;
  }

  /** Resolves once a timer is pending (at once if one already is). */
  whenScheduled(): Promise<void> {
    if (this.#pending.size) return Promise.resolve();
    return new Promise((resolve) => this.#onSchedule.push(resolve));
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (let next = this.#next(); next && next.due <= target; next = this.#next()) {
      this.#pending.delete(next);
      this.#moveTo(next.due);
      next.callback();
    }
    this.#moveTo(target);
  }

  #next(): PendingTimer | undefined {
    let next: PendingTimer | undefined;
    for (const timer of this.#pending) if (!next || timer.due < next.due) next = timer;
    return next;
  }

  #moveTo(time: number): void {
    // Whole milliseconds on the clock, so fractional delays never drift it.
    this.clock?.advance(Math.round(time) - Math.round(this.#now));
    this.#now = time;
  }
}
