import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { Redis } from "ioredis";
import type { Bus, BusEvents, BusHealth, Handler, Topic } from "./bus.ts";
import { blockingConnection, entryPayload, PAYLOAD_FIELD, pause, type RawEntry } from "./redis-entries.ts";
import { GroupConsumer } from "./redis-group-consumer.ts";
import { StreamTail } from "./redis-stream-tail.ts";

/** How the Redis bus is reached and sized. */
export interface RedisBusOptions {
  url: string;
  /** Prefix of every stream key (`<prefix>:bus:<topic>`), so several deployments or test runs share one Redis. */
  prefix?: string;
  /** Entries kept per topic stream, approximately (XADD MAXLEN ~). */
  maxLen?: number;
  /** An entry a consumer read but did not acknowledge for this long is handed to another consumer. */
  claimIdleMs?: number;
  /** Longest blocking read; bounds how long closing or a reconnect takes to be noticed. */
  blockMs?: number;
  /** This node's name in consumer groups (default host-pid-random). */
  consumerName?: string;
  onError?: (topic: string, error: unknown) => void;
}

const DEFAULTS = { prefix: "vigie", maxLen: 10_000, claimIdleMs: 30_000, blockMs: 5_000 };
/** A health check that waits longer than this for Redis reports it down. */
const HEALTH_TIMEOUT_MS = 1_000;

/**
 * The bus over Redis Streams, for several nodes: one stream per topic. `subscribe` tails the stream
 * on every node (XREAD); `consume` reads through a consumer group (XREADGROUP + XACK) so one node
 * handles each entry, and XAUTOCLAIM hands a dead node's unacknowledged entries to a live one.
 */
export class RedisBus implements Bus {
  /** This node's consumer name in every group. */
  readonly consumerName: string;
  private readonly options: Required<Omit<RedisBusOptions, "consumerName">>;
  private readonly commands: Redis;
  private readonly tail: StreamTail;
  private readonly handlers = new Map<Topic, Set<Handler<Topic>>>();
  private readonly consumers = new Set<GroupConsumer>();

  constructor(options: RedisBusOptions) {
    this.options = { ...DEFAULTS, onError: () => undefined, ...options };
    this.consumerName =
      options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
    this.commands = new Redis(this.options.url, {
      connectionName: `${this.consumerName}:commands`,
      maxRetriesPerRequest: 2,
    });
    this.commands.on("error", (error) => this.options.onError("(connection)", error));
    this.tail = new StreamTail(
      this.commands,
      blockingConnection(this.options.url, `${this.consumerName}:tail`, this.options.blockMs),
      (key, entries) => this.deliver(this.topicOf(key), entries),
      (key, error) => this.options.onError(key, error),
      this.options.blockMs,
    );
  }

  /** The stream that carries a topic. */
  streamKey(topic: Topic): string {
    return `${this.options.prefix}:bus:${topic}`;
  }

  /** Appends to the topic's stream; a failure is reported, never thrown: the data is already committed. */
  async publish<T extends Topic>(topic: T, payload: BusEvents[T]): Promise<void> {
    try {
      const { maxLen } = this.options;
      await this.commands.xadd(
        this.streamKey(topic),
        "MAXLEN",
        "~",
        maxLen,
        "*",
        PAYLOAD_FIELD,
        JSON.stringify(payload),
      );
    } catch (error) {
      this.options.onError(topic, error);
    }
  }

  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void {
    const set = this.handlers.get(topic) ?? new Set();
    set.add(handler as Handler<Topic>);
    this.handlers.set(topic, set);
    this.tail.follow(this.streamKey(topic));
    return () => {
      set.delete(handler as Handler<Topic>);
      if (!set.size) this.tail.unfollow(this.streamKey(topic));
    };
  }

  /**
   * Resolves once this node's subscriptions are in place in Redis: from then on, whatever any node
   * publishes reaches them (a subscription starts at the stream's end when it is made).
   */
  subscribed(): Promise<void> {
    return this.tail.established();
  }

  consume<T extends Topic>(topic: T, group: string, handler: Handler<T>): () => void {
    const { url, blockMs, claimIdleMs, onError } = this.options;
    const consumer = new GroupConsumer(
      this.commands,
      blockingConnection(url, `${this.consumerName}:${group}`, blockMs),
      { key: this.streamKey(topic), group, consumer: this.consumerName, blockMs, claimIdleMs },
      async (payload) => handler(payload as BusEvents[T]),
      (error) => onError(topic, error),
    );
    this.consumers.add(consumer);
    return () => {
      if (this.consumers.delete(consumer)) void consumer.close();
    };
  }

  /** A PING on the publishing connection; down when it fails or takes longer than a second. */
  async health(): Promise<BusHealth> {
    const started = Date.now();
    const answered = await Promise.race([
      this.commands.ping().then(
        () => true,
        () => false,
      ),
      pause(HEALTH_TIMEOUT_MS).then(() => false),
    ]);
    return answered ? { status: "up", latency_ms: Date.now() - started } : { status: "down" };
  }

  /** Stops every reading loop (handlers in progress finish), then closes the publishing connection. */
  async close(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.all([this.tail.close(), ...consumers.map((c) => c.close())]);
    this.handlers.clear();
    await this.commands.quit().catch(() => this.commands.disconnect());
  }

  private topicOf(key: string): Topic {
    return key.slice(`${this.options.prefix}:bus:`.length) as Topic;
  }

  private deliver(topic: Topic, entries: RawEntry[]): void {
    for (const entry of entries) {
      const parsed = entryPayload(entry);
      if (!parsed.ok) {
        this.options.onError(topic, parsed.error);
        continue;
      }
      for (const handler of this.handlers.get(topic) ?? []) {
        try {
          const result = handler(parsed.payload as BusEvents[Topic]);
          if (result instanceof Promise) result.catch((error) => this.options.onError(topic, error));
        } catch (error) {
          this.options.onError(topic, error);
        }
      }
    }
  }
}
