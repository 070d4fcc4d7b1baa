import { createHash } from "node:crypto";
import type pg from "pg";
import type { Database } from "../platform/db/database.ts";
import { EVENT_COLUMNS, type EventRow } from "./event-row.ts";

/**
 * A sender's id for one event, claimed in the transaction that stores it (docs/adr/0011): the event's
 * `event_id`, or the request's Idempotency-Key and the event's position in the request.
 */
export interface Claim {
  /** Whose ids these are: the ingest token (ids of two senders never collide). */
  scope: string;
  clientId: string;
  /** Digest of the submitted record: the same id sent with other content is a conflict, not a retry. */
  fingerprint: string;
}

/** The claims of a flush and how long a claim holds. */
export interface ClaimBatch {
  claims: Map<EventRow, Claim>;
  windowSeconds: number;
}

/** The claim of a record, or null when it carries no event id and its request no Idempotency-Key. */
export function claimOf(
  record: unknown,
  position: number,
  ctx: { idempotencyScope?: string | null; idempotencyKey?: string | null },
): Claim | null {
  if (!ctx.idempotencyScope) return null;
  const eventId = (record as { event_id?: unknown } | null)?.event_id;
  const clientId =
    typeof eventId === "string" || typeof eventId === "number"
      ? `e:${eventId}`
      : ctx.idempotencyKey
        ? `k:${ctx.idempotencyKey}#${position}`
        : null;
  if (!clientId) return null;
  let text: string;
  try {
    text = JSON.stringify(record) ?? "";
  } catch {
    text = String(position);
  }
  return {
    scope: ctx.idempotencyScope,
    clientId,
    fingerprint: createHash("sha256").update(text).digest("base64url"),
  };
}

/**
 * The claim statement, its parameters numbered from `first`: claims what no live claim holds (a claim
 * older than the window is taken over) and returns the event ids it claimed. ON CONFLICT waits for a
 * concurrent transaction claiming the same id, so exactly one of them stores the event, on any node.
 */
export function claimSql(first: number): string {
  return `INSERT INTO ingest_claims (scope, client_id, event_id, event_ts, fingerprint)
    SELECT scope, client_id, event_id, event_ts, fingerprint FROM jsonb_to_recordset($${first}::jsonb)
      AS c(scope text, client_id text, event_id uuid, event_ts timestamptz, fingerprint text)
    ON CONFLICT (scope, client_id) DO UPDATE SET event_id = EXCLUDED.event_id, event_ts = EXCLUDED.event_ts,
      fingerprint = EXCLUDED.fingerprint, claimed_at = now()
      WHERE ingest_claims.claimed_at < now() - make_interval(secs => $${first + 1})
    RETURNING event_id`;
}

/** The parameters of `claimSql` for these rows. */
export function claimParams(rows: EventRow[], batch: ClaimBatch): [string, number] {
  const entries = rows.flatMap((row) => {
    const claim = batch.claims.get(row);
    return claim
      ? [
          {
            scope: claim.scope,
            client_id: claim.clientId,
            event_id: row.id,
            event_ts: row.timestamp,
            fingerprint: claim.fingerprint,
          },
        ]
      : [];
  });
  return [JSON.stringify(entries), batch.windowSeconds];
}

/** What a claim already held points at: the event stored the first time, and that record's digest. */
export interface HeldClaim {
  event: EventRow | null;
  fingerprint: string;
}

/** Reads held claims and the events they stored (after a flush found duplicates, or to purge). */
export class ClaimStore {
  constructor(private readonly db: Database) {}

  /** The held claims of `clientIds` in `scope`, each with the event it stored. */
  async held(scope: string, clientIds: string[]): Promise<Map<string, HeldClaim>> {
    const { rows } = await this.db.pool.query<{ client_id: string; fingerprint: string } & EventRow>(
      `SELECT c.client_id, c.fingerprint, ${EVENT_COLUMNS.map((col) => `e."${col}"`).join(", ")}
       FROM ingest_claims c LEFT JOIN events e ON e.id = c.event_id AND e."timestamp" = c.event_ts
       WHERE c.scope = $1 AND c.client_id = ANY($2::text[])`,
      [scope, clientIds],
    );
    return new Map(
      rows.map(({ client_id, fingerprint, ...event }) => [
        client_id,
        { fingerprint, event: event.id ? (event as EventRow) : null },
      ]),
    );
  }

  /** Forgets claims older than the window; returns how many. */
  async purge(windowSeconds: number): Promise<number> {
    const result = await this.db.pool.query(
      "DELETE FROM ingest_claims WHERE claimed_at < now() - make_interval(secs => $1)",
      [windowSeconds],
    );
    return result.rowCount ?? 0;
  }
}

/** Runs the claim statement on a connection inside a transaction; returns the event ids it claimed. */
export async function claimOn(
  client: pg.PoolClient,
  rows: EventRow[],
  batch: ClaimBatch,
): Promise<Set<string>> {
  const { rows: claimed } = await client.query<{ event_id: string }>(claimSql(1), claimParams(rows, batch));
  return new Set(claimed.map((r) => r.event_id));
}
