/** An ingest call waiting for the engine to catch up (see `whenAtMost`). */
type Waiter = { limit: number; resolve: () => void; timer: NodeJS.Timeout | undefined };

/**
 * The events an engine has received (or recovered) and not yet committed: so that no event is evaluated
 * twice at once, and so that ingest can wait while too many are in flight (the backpressure that keeps
 * ingest from outrunning detection).
 */
export class InFlightEvents {
  readonly #ids = new Set<string>();
  #waiters: Waiter[] = [];

  /** How many events are in flight. */
  get size(): number {
    return this.#ids.size;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Events received for evaluation. */
  track(events: readonly { id: string }[]): void {
    for (const event of events) this.#ids.add(event.id);
  }

  /** Events committed, or whose evaluation failed (they stay pending in storage for the sweep). */
  settle(ids: readonly string[]): void {
    for (const id of ids) this.#ids.delete(id);
    this.#release((waiter) => this.#ids.size <= waiter.limit);
  }

  /** Resolves once at most `limit` events are in flight, or after `maxWaitMs` (a stuck engine must not stop ingest). */
  whenAtMost(limit: number, maxWaitMs: number): Promise<void> {
    if (this.#ids.size <= limit) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = { limit, resolve, timer: undefined };
      waiter.timer = setTimeout(() => this.#release((w) => w === waiter), maxWaitMs).unref();
      this.#waiters.push(waiter);
    });
  }

  /** Lets every waiting ingest call go (the engine stops). */
  releaseAll(): void {
    this.#release(() => true);
  }

  #release(which: (waiter: Waiter) => boolean): void {
    const kept: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (!which(waiter)) kept.push(waiter);
      else {
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
    this.#waiters = kept;
  }
}
