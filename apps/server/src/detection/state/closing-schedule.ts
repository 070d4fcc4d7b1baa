import type { ClosedWindow } from "./window-store.ts";

/**
 * The windows of one rule version that close at a known event time, in memory: earliest first. A key
 * has at most one open window; taking a window removes it.
 */
export class ClosingSchedule {
  readonly #closesAt = new Map<string, number>();
  /** (closesAt, key) in ascending order; windows mostly open in time order, so inserts mostly append. */
  readonly #order: ClosedWindow[] = [];

  get size(): number {
    return this.#closesAt.size;
  }

  /** Opens the key's window, closing at `closesAt`, unless one is open already. */
  open(key: string, closesAt: number): void {
    if (this.#closesAt.has(key)) return;
    this.#closesAt.set(key, closesAt);
    let index = this.#order.length;
    while (index > 0 && this.#order[index - 1]!.closesAt > closesAt) index--;
    this.#order.splice(index, 0, { key, closesAt });
  }

  /** Removes and returns the windows closing at or before `until`, earliest first, at most `limit`. */
  take(until: number, limit: number): ClosedWindow[] {
    let count = 0;
    while (count < this.#order.length && count < limit && this.#order[count]!.closesAt <= until) count++;
    const taken = this.#order.splice(0, count);
    for (const { key } of taken) this.#closesAt.delete(key);
    return taken;
  }
}
