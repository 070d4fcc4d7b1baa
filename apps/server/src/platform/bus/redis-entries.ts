import { Redis } from "ioredis";

/** One stream entry as Redis returns it: its id and a flat list of field, value pairs. */
export type RawEntry = [id: string, fields: string[]];

/** The single field every bus entry carries: the JSON payload. */
export const PAYLOAD_FIELD = "data";

/** The payload of an entry, or a rejection when it is not one of ours (never throws). */
export function entryPayload(entry: RawEntry): { ok: true; payload: unknown } | { ok: false; error: Error } {
  const [, fields] = entry;
  const index = fields.indexOf(PAYLOAD_FIELD);
  const raw = index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
  if (raw === undefined)
    return { ok: false, error: new Error(`stream entry ${entry[0]} has no ${PAYLOAD_FIELD} field`) };
  try {
    return { ok: true, payload: JSON.parse(raw) };
  } catch {
    return { ok: false, error: new Error(`stream entry ${entry[0]} is not JSON`) };
  }
}

/** Added to a read's BLOCK time before ioredis gives up on a reply that never comes (a silently dead link). */
const BLOCK_GRACE_MS = 1_000;

/**
 * A connection for blocking reads (XREAD/XREADGROUP BLOCK). It fails fast instead of replaying a
 * blocked command after a reconnect, so the reading loop notices, waits and starts over; a read whose
 * reply never comes settles empty after its BLOCK time plus a grace.
 */
export function blockingConnection(url: string, name: string, blockMs: number): Redis {
  const connection = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    autoResendUnfulfilledCommands: false,
    blockingTimeout: blockMs + BLOCK_GRACE_MS,
    blockingTimeoutGrace: BLOCK_GRACE_MS,
    lazyConnect: false,
  });
  // Connection errors surface as rejected commands in the loop; the event itself must not crash the process.
  connection.on("error", () => undefined);
  return connection;
}

/**
 * A command on a blocking connection that settles empty (null) as soon as the connection closes: without
 * `autoResendUnfulfilledCommands`, ioredis forgets a command in flight at reconnect and never settles
 * it, which left every reading loop waiting forever after a Redis restart or `CLIENT KILL`.
 */
export function settleOnClose<T>(connection: Redis, read: Promise<T>): Promise<T | null> {
  let onClose: () => void = () => undefined;
  const closed = new Promise<null>((resolve) => {
    onClose = () => resolve(null);
    connection.once("close", onClose);
  });
  return Promise.race([read, closed]).finally(() => connection.off("close", onClose));
}

/** Waits, for the back-off of a reading loop after a Redis error. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
