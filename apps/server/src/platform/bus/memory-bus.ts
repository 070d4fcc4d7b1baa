import type { Bus, BusEvents, BusHealth, Handler, Topic } from "./bus.ts";

/** In-process bus for embedded mode: handlers run after the publisher's turn, errors go to `onError`. */
export class MemoryBus implements Bus {
  private readonly handlers = new Map<Topic, Set<Handler<Topic>>>();

  constructor(private readonly onError: (topic: Topic, error: unknown) => void = () => undefined) {}

  async publish<T extends Topic>(topic: T, payload: BusEvents[T]): Promise<void> {
    for (const handler of this.handlers.get(topic) ?? []) {
      queueMicrotask(() => {
        try {
          const result = (handler as Handler<T>)(payload);
          if (result instanceof Promise) result.catch((error) => this.onError(topic, error));
        } catch (error) {
          this.onError(topic, error);
        }
      });
    }
  }

  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void {
    const set = this.handlers.get(topic) ?? new Set();
    set.add(handler as Handler<Topic>);
    this.handlers.set(topic, set);
    return () => set.delete(handler as Handler<Topic>);
  }

  consume<T extends Topic>(topic: T, _group: string, handler: Handler<T>): () => void {
    return this.subscribe(topic, handler);
  }

  /** Always up: the bus is this process. */
  async health(): Promise<BusHealth> {
    return { status: "up" };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
