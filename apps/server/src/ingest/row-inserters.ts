import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { toPgJson } from "../platform/db/pg-json.ts";
import { type ClaimBatch, claimOn, claimParams, claimSql } from "./claims.ts";
import { EVENT_COLUMNS, type EventRow } from "./event-row.ts";

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

const COLUMN_TYPES: Record<string, string> = {
  id: "uuid",
  timestamp: "timestamptz",
  received_at: "timestamptz",
  source_port: "integer",
  dest_port: "integer",
  raw: "json",
  normalized: "jsonb",
  metadata: "jsonb",
  scenario_run_id: "uuid",
  created_at: "timestamptz",
  updated_at: "timestamptz",
};
const quoted = EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");
const recordType = EVENT_COLUMNS.map((c) => `"${c}" ${COLUMN_TYPES[c] ?? "text"}`).join(", ");

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
function encodeEach(rows: EventRow[], encode: (row: EventRow) => string): string[] {
  const encoded: string[] = [];
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
 * COPY … FROM STDIN in text format, in one transaction with the backlog entry. Three round trips: the
 * opening (BEGIN, the rollup slot, the backlog entry) as one simple query, the COPY, the COMMIT.
 * Smaller batches (single-event requests) go through the one-statement adapter. PostgreSQL only.
 */
export const copyInserter: RowInserter = {
  async insert(pool, rows, slot, claims) {
    if (rows.length < COPY_MIN_ROWS) return recordsetInserter.insert(pool, rows, slot, claims);
    // Encoded before the transaction: once a COPY has started, a throw would leave it open for ever.
    const lines = encodeEach(rows, copyLine);
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      await client.query(
        `BEGIN; SELECT set_config('vigie.writer_slot', '${Math.trunc(slot)}', true); ${backlogInsert(rows)}`,
      );
      // With sender ids, their claims first, in the same transaction; only claimed rows are copied.
      const claimed = claims?.claims.size ? await claimOn(client, rows, claims) : null;
      const keep = (row: EventRow) => !claimed || !claims?.claims.has(row) || claimed.has(row.id);
      const text = claimed ? lines.filter((_, i) => keep(rows[i]!)).join("") : lines.join("");
      if (text) await copyEncoded(client, "events", text);
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
  const text = copyRowsText(rows);
  return copyEncoded(client, table, text);
}

// Nothing between opening the COPY and ending it may throw: the text is complete before it opens.
function copyEncoded(client: pg.PoolClient, table: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${table} (${quoted}) FROM STDIN`));
    stream.on("finish", resolve).on("error", reject);
    stream.end(text);
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

// COPY's text format: backslash, newline, carriage return and tab are escaped; NUL cannot be stored
// in PostgreSQL text and becomes U+FFFD, as in `toPgJson`.
const HAS_CONTROL = /[\n\r\t\0]/;
const CONTROL = /[\n\r\t\0]/g;
const ESCAPES: Record<string, string> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\0": "\ufffd",
};
const escapeControl = (c: string) => ESCAPES[c]!;

/** A text as COPY reads it back: backslashes doubled (JSON of Windows paths has many), controls escaped. */
function copyText(text: string): string {
  const doubled = text.includes("\\") ? text.replaceAll("\\", "\\\\") : text;
  return HAS_CONTROL.test(doubled) ? doubled.replace(CONTROL, escapeControl) : doubled;
}

function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return String(value);
  if (value instanceof Date) return value.toISOString();
  return copyText(typeof value === "string" ? value : toPgJson(value));
}

/** One row in COPY text format, columns in `EVENT_COLUMNS` order, with its line end. */
function copyLine(row: EventRow): string {
  let line = copyField(row[EVENT_COLUMNS[0]]);
  for (let i = 1; i < EVENT_COLUMNS.length; i++) line += `\t${copyField(row[EVENT_COLUMNS[i]!])}`;
  return `${line}\n`;
}

/** The rows in COPY text format; throws UnstorableRows naming every row that cannot be encoded. */
function copyRowsText(rows: EventRow[]): string {
  return encodeEach(rows, copyLine).join("");
}
