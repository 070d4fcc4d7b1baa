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

/**
 * A connection for blocking reads (XREAD/XREADGROUP BLOCK). It fails fast instead of replaying a
 * blocked command after a reconnect, so the reading loop notices, waits and starts over.
 */
export function blockingConnection(url: string, name: string): Redis {
  const connection = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    autoResendUnfulfilledCommands: false,
    lazyConnect: false,
  });
  // Connection errors surface as rejected commands in the loop; the event itself must not crash the process.
  connection.on("error", () => undefined);
  return connection;
}

/** Waits, for the back-off of a reading loop after a Redis error. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
