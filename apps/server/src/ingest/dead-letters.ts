import type { Database } from "../platform/db/database.ts";
import { toPgJson } from "../platform/db/pg-json.ts";
import { newId } from "../platform/ids.ts";

/** A refused record and why. */
export interface DeadLetter {
  receiver: string;
  clientIp: string | null;
  reason: string;
  payload: unknown;
}

// A refused record is kept for diagnosis, not replay: cap what is stored of it.
const MAX_PAYLOAD_CHARS = 16_384;

/** Keeps refused records with their reason, so nothing submitted disappears silently. */
export class DeadLetterStore {
  constructor(private readonly db: Database) {}

  /** Stores refused records in one statement; never throws (the client already got its answer). */
  async record(letters: DeadLetter[]): Promise<void> {
    if (!letters.length) return;
    const rows = letters.map((l) => ({
      id: newId(),
      receiver: l.receiver,
      client_ip: l.clientIp,
      reason: l.reason.slice(0, 1000),
      payload: capPayload(l.payload),
    }));
    await this.db.pool
      .query(
        `INSERT INTO dead_letters (id, receiver, client_ip, reason, payload)
         SELECT id, receiver, client_ip, reason, payload FROM jsonb_to_recordset($1::jsonb)
         AS r(id uuid, receiver text, client_ip text, reason text, payload jsonb)`,
        [toPgJson(rows)],
      )
      .catch(() => undefined);
  }
}

function capPayload(payload: unknown): unknown {
  let text: string;
  try {
    text = JSON.stringify(payload) ?? "null";
  } catch {
    // Nested too deep to serialise (a JSON bomb): the reason says what it was; its content is not kept.
    return { unserialisable: true };
  }
  return text.length <= MAX_PAYLOAD_CHARS
    ? payload
    : { truncated: true, preview: text.slice(0, MAX_PAYLOAD_CHARS) };
}
