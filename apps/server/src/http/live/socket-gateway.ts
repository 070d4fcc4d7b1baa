import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { LogEvent } from "@vigie/contracts";
import { Redis } from "ioredis";
import { type ExtendedError, Server, type Socket } from "socket.io";
import type { AppContext } from "../../container.ts";
import { toAudioSocEvent } from "../../modules/logs/audiosoc.ts";
import { toLogItem } from "./stream-items.ts";

/** Room of clients that narrowed nothing: they get every event and alert. */
const ALL = "all";
/** Severities whose events and alerts also reach `severity_<s>` rooms (CONTRACT §7). */
const ROOM_SEVERITIES = new Set(["critical", "high"]);
const SITE_ID = /^[\w.:-]{1,64}$/;

type Ack = (reply: { ok: boolean; room?: string; error?: string }) => void;
type Deps = Pick<AppContext, "auth" | "bus" | "config" | "logger">;

/**
 * The adapter's Redis client. The adapter duplicates it (a stream reader, a subscriber) and never handles
 * a failed SUBSCRIBE, which would crash the node when Redis is down: commands wait for Redis to come back
 * instead of failing, and a subscription still pending when the adapter disconnects is let go quietly.
 */
function adapterClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (override) => {
    const copy = duplicate(override);
    const subscribe = copy.subscribe.bind(copy);
    copy.subscribe = ((...args: Parameters<typeof subscribe>) => {
      const pending = subscribe(...args);
      pending.catch(() => undefined);
      return pending;
    }) as typeof subscribe;
    return copy;
  };
  return client;
}

/**
 * The AudioSOC v1 API's Socket.IO interface on the HTTP server's port. Every node receives every bus message, so
 * each node emits to its own sockets only (`io.local`): nothing is delivered twice. With REDIS_URL
 * the Redis Streams adapter is installed too, so server-side broadcasts made on one node (`io.emit`)
 * reach every node's clients.
 */
export class SocketGateway {
  readonly io: Server;
  private readonly redis: Redis | null;
  private readonly stops: (() => void)[];

  constructor(
    server: HttpServer,
    private readonly deps: Deps,
  ) {
    this.io = new Server(server, { path: "/socket.io", serveClient: false });
    const { REDIS_URL, VIGIE_REDIS_PREFIX } = deps.config;
    this.redis = REDIS_URL ? adapterClient(REDIS_URL) : null;
    if (this.redis) {
      this.redis.on("error", (error) =>
        deps.logger.warn({ err: error }, "socket.io adapter: Redis unreachable"),
      );
      this.io.adapter(
        createAdapter(this.redis, { streamName: `${VIGIE_REDIS_PREFIX}:socket.io`, blockTimeInMs: 1_000 }),
      );
    }
    this.io.use((socket, next) => void this.authenticate(socket, next));
    this.io.on("connection", (socket) => this.welcome(socket));
    const { bus } = deps;
    this.stops = [
      bus.subscribe("events.ingested", ({ events }) => {
        for (const event of events) this.emitEvent("new_event", event);
      }),
      bus.subscribe("event.updated", ({ event }) => this.emitEvent("event_updated", event)),
      bus.subscribe("alert.raised", ({ alert }) => {
        const rooms = roomsFor(stringOrNull(alert.site_id), stringOrNull(alert.severity));
        this.io.local.to(rooms).emit("alert", alert);
      }),
      bus.subscribe("users.changed", ({ user_id }) =>
        this.io.local.in(`user_${user_id}`).disconnectSockets(true),
      ),
    ];
  }

  /** Connected Socket.IO clients on this node. */
  get size(): number {
    return this.io.engine.clientsCount;
  }

  /** Disconnects this node's clients and stops listening to the bus (the HTTP server is the app's to close). */
  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    this.io.local.disconnectSockets(true);
    await this.io.of("/").adapter.close();
    this.io.engine.close();
    // QUIT would wait for a Redis that is down: only a connected client says goodbye.
    if (this.redis?.status === "ready") await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis?.disconnect();
  }

  private async authenticate(socket: Socket, next: (error?: ExtendedError) => void): Promise<void> {
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== "string" || !token)
      return next(refusal("Authentication required: send the access token as auth.token"));
    try {
      socket.data.user = await this.deps.auth.authenticate(token);
      next();
    } catch {
      next(refusal("Invalid or expired token"));
    }
  }

  private welcome(socket: Socket): void {
    void socket.join([ALL, `user_${socket.data.user.id}`]);
    socket.emit("connected", { client_id: socket.id, total_clients: this.size });
    socket.on("subscribe_site", (payload: unknown, ack?: Ack) => {
      const siteId = field(payload, "site_id");
      if (!siteId || !SITE_ID.test(siteId))
        return reply(ack, { ok: false, error: "site_id must be 1-64 letters, digits, . _ : -" });
      narrow(socket, `site_${siteId}`, ack);
    });
    socket.on("subscribe_severity", (payload: unknown, ack?: Ack) => {
      const severity = field(payload, "severity");
      if (!severity || !ROOM_SEVERITIES.has(severity)) {
        return reply(ack, {
          ok: false,
          error: `severity rooms exist for ${[...ROOM_SEVERITIES].join(", ")}`,
        });
      }
      narrow(socket, `severity_${severity}`, ack);
    });
    socket.on("unsubscribe_site", (payload: unknown, ack?: Ack) => {
      const room = `site_${field(payload, "site_id") ?? ""}`;
      void socket.leave(room);
      // A client that narrowed nothing any more gets everything again.
      if (![...socket.rooms].some(isSubscription)) void socket.join(ALL);
      reply(ack, { ok: true, room });
    });
  }

  private emitEvent(name: "new_event" | "event_updated", event: LogEvent): void {
    // Encoding costs even when no socket would receive it: the common case of a busy ingest node.
    if (this.io.engine.clientsCount === 0) return;
    // The AudioSOC v1 API's event shape, plus the native stream fields, so both kinds of client find theirs.
    this.io.local
      .to(roomsFor(event.site_id, event.severity))
      .emit(name, { ...toLogItem(event), ...toAudioSocEvent(event) });
  }
}

/** The rooms a message goes to; a socket in several of them receives it once. */
function roomsFor(siteId: string | null, severity: string | null): string[] {
  const rooms = [ALL];
  if (siteId) rooms.push(`site_${siteId}`);
  if (severity && ROOM_SEVERITIES.has(severity)) rooms.push(`severity_${severity}`);
  return rooms;
}

// Subscribing narrows the feed: the client leaves the everything room for the ones it asked for.
function narrow(socket: Socket, room: string, ack: Ack | undefined): void {
  void socket.leave(ALL);
  void socket.join(room);
  reply(ack, { ok: true, room });
}

function isSubscription(room: string): boolean {
  return room.startsWith("site_") || room.startsWith("severity_");
}

function field(payload: unknown, name: string): string | null {
  const value =
    typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" && value ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function reply(ack: Ack | undefined, answer: Parameters<Ack>[0]): void {
  if (typeof ack === "function") ack(answer);
}

function refusal(message: string): ExtendedError {
  return Object.assign(new Error(message), { data: { error: "AuthenticationError", message } });
}
