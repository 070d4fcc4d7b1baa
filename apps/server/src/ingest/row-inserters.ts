import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { toPgJson } from "../platform/db/pg-json.ts";
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER, binaryCopyRow } from "./binary-copy.ts";
import { type ClaimBatch, claimOn, claimParams, claimSql } from "./claims.ts";
import { EVENT_COLUMN_TYPES, EVENT_COLUMNS, type EventRow } from "./event-row.ts";

/**
 * Stores one batch of event rows and records it in the search backlog, in one transaction (the port
 * the group commit writes through). Two adapters: one statement that any engine runs, and COPY, which
 * costs PostgreSQL 10–15 % less per row (measured) but which the embedded engine lacks.
 */
export interface RowInserter {
  /**
   * `slot`: which of the writes in flight on this node this is (0 … concurrency − 1); concurrent
   * writes with different slots update different rollup rows, so they do not wait for each other.
   * `claims`: sender ids to claim in the same transaction; a row whose id a live claim already holds
   * is not stored, and is returned (a retry of an event stored before).
   */
  insert(pool: pg.Pool, rows: EventRow[], slot: number, claims?: ClaimBatch | null): Promise<EventRow[]>;
}

const quoted = EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");
const recordType = EVENT_COLUMNS.map((c) => `"${c}" ${EVENT_COLUMN_TYPES[c]}`).join(", ");

/** The search backlog entry of a batch: its time span (for partition pruning) and its ids. */
function backlogOf(rows: EventRow[]): [Date, Date, string[]] {
  let first = rows[0]!.timestamp;
  let last = first;
  for (const { timestamp } of rows) {
    if (timestamp < first) first = timestamp;
    if (timestamp > last) last = timestamp;
  }
  return [first, last, rows.map((r) => r.id)];
}

/**
 * Rows that cannot be encoded for the database (a value JSON cannot serialise, such as one nested
 * deeper than the stack allows), found before any statement or COPY starts; the others are intact.
 */
export class UnstorableRows extends Error {
  constructor(readonly reasons: Map<EventRow, string>) {
    super(`${reasons.size} event row(s) cannot be encoded`);
  }
}

/** Encodes each row with `encode`, collecting every row that fails instead of stopping at the first. */
function encodeEach<T>(rows: EventRow[], encode: (row: EventRow) => T): T[] {
  const encoded: T[] = [];
  let reasons: Map<EventRow, string> | undefined;
  for (const row of rows) {
    try {
      encoded.push(encode(row));
    } catch (error) {
      reasons ??= new Map();
      reasons.set(row, `cannot be stored: ${(error as Error).message}`);
    }
  }
  if (reasons) throw new UnstorableRows(reasons);
  return encoded;
}

/**
 * One statement, so one round trip: the rows as one JSON document unpacked by `json_to_recordset`,
 * the backlog entry, and the rollup slot for this statement's own transaction (joined in, so that it
 * is set before the rollup trigger runs at the statement's end). Any engine runs it.
 */
export const recordsetInserter: RowInserter = {
  async insert(pool, rows, slot, claims) {
    const params = [
      `[${encodeEach(rows, toPgJson).join(",")}]`,
      ...backlogOf(rows),
      String(Math.trunc(slot)),
    ];
    const statement = `WITH writer AS (SELECT set_config('vigie.writer_slot', $5, true)),
       backlog AS (INSERT INTO search_backlog (first_ts, last_ts, ids) VALUES ($2, $3, $4::uuid[]))`;
    const insert = `INSERT INTO events (${quoted})
       SELECT ${quoted} FROM json_to_recordset($1::json) AS r(${recordType}) CROSS JOIN writer`;
    if (!claims?.claims.size) {
      await pool.query(`${statement} ${insert}`, params);
      return [];
    }
    // Rows with a claim are stored only if this statement claimed them (the CTE's RETURNING).
    const claimable = rows.filter((row) => claims.claims.has(row)).map((row) => row.id);
    const { rows: stored } = await pool.query<{ id: string }>(
      `${statement}, claimed AS (${claimSql(6)})
       ${insert} WHERE r.id <> ALL($8::uuid[]) OR r.id IN (SELECT event_id FROM claimed) RETURNING id`,
      [...params, ...claimParams(rows, claims), claimable],
    );
    const ids = new Set(stored.map((r) => r.id));
    return rows.filter((row) => !ids.has(row.id));
  },
};

/** Below this many rows one statement costs PostgreSQL no more than COPY and takes one round trip, not three. */
export const COPY_MIN_ROWS = 32;

/**
 * COPY … FROM STDIN in binary format (docs/adr/0031), in one transaction with the backlog entry. Three
 * round trips: the opening (BEGIN, the rollup slot, the backlog entry) as one simple query, the COPY, the
 * COMMIT. Smaller batches (single-event requests) go through the one-statement adapter. PostgreSQL only.
 */
export const copyInserter: RowInserter = {
  async insert(pool, rows, slot, claims) {
    if (rows.length < COPY_MIN_ROWS) return recordsetInserter.insert(pool, rows, slot, claims);
    // Encoded before the transaction: once a COPY has started, a throw would leave it open for ever.
    const encoded = encodeEach(rows, binaryCopyRow);
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      await client.query(
        `BEGIN; SELECT set_config('vigie.writer_slot', '${Math.trunc(slot)}', true); ${backlogInsert(rows)}`,
      );
      // With sender ids, their claims first, in the same transaction; only claimed rows are copied.
      const claimed = claims?.claims.size ? await claimOn(client, rows, claims) : null;
      const keep = (row: EventRow) => !claimed || !claims?.claims.has(row) || claimed.has(row.id);
      const kept = claimed ? encoded.filter((_, i) => keep(rows[i]!)) : encoded;
      if (kept.length) await copyEncoded(client, "events", kept);
      await client.query("COMMIT");
      return rows.filter((row) => !keep(row));
    } catch (error) {
      failure = error as Error;
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      // A connection whose COPY failed half-way is not reused.
      client.release(failure);
    }
  },
};

/** COPY of event rows into `table` (which has the events' columns) on one connection. */
export function copyRows(client: pg.PoolClient, table: string, rows: EventRow[]): Promise<void> {
  return copyEncoded(client, table, encodeEach(rows, binaryCopyRow));
}

// Nothing between opening the COPY and ending it may throw: the rows are encoded before it opens.
function copyEncoded(client: pg.PoolClient, table: string, rows: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${table} (${quoted}) FROM STDIN (FORMAT binary)`));
    stream.on("finish", resolve).on("error", reject);
    stream.end(Buffer.concat([BINARY_COPY_HEADER, ...rows, BINARY_COPY_TRAILER]));
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The backlog entry as literal SQL (a simple query carries no parameters). Its values are made here,
 * never by a client: ISO dates from Date and ids the pipeline generated, checked to be UUIDs anyway.
 */
function backlogInsert(rows: EventRow[]): string {
  const [first, last, ids] = backlogOf(rows);
  if (!ids.every((id) => UUID.test(id))) throw new Error("event ids must be UUIDs");
  return `INSERT INTO search_backlog (first_ts, last_ts, ids) VALUES ('${first.toISOString()}', '${last.toISOString()}', '{${ids.join(",")}}')`;
}
