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

  /** Stores refused records in one statement; never throws nor rejects (the client already got its answer). */
  async record(letters: DeadLetter[]): Promise<void> {
    if (!letters.length) return;
    try {
      const rows = letters.map((l) => ({
        id: newId(),
        receiver: l.receiver,
        client_ip: l.clientIp,
        reason: l.reason.slice(0, 1000),
        payload: JSON.parse(capPayload(l.payload)),
      }));
      await this.db.pool.query(
        `INSERT INTO dead_letters (id, receiver, client_ip, reason, payload)
         SELECT id, receiver, client_ip, reason, payload FROM jsonb_to_recordset($1::jsonb)
         AS r(id uuid, receiver text, client_ip text, reason text, payload jsonb)`,
        [toPgJson(rows)],
      );
    } catch {
      // Storage down or a payload beyond encoding: losing a diagnostic copy must not hurt ingest.
    }
  }
}

/** The payload as JSON text, at most MAX_PAYLOAD_CHARS of it; one no JSON can hold is described instead. */
function capPayload(payload: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(payload) ?? "null";
  } catch (error) {
    return JSON.stringify({ unserialisable: true, reason: (error as Error).message });
  }
  return text.length <= MAX_PAYLOAD_CHARS
    ? text
    : JSON.stringify({ truncated: true, preview: text.slice(0, MAX_PAYLOAD_CHARS) });
}
