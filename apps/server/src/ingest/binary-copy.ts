import { toPgJson } from "../platform/db/pg-json.ts";
import { type ColumnType, EVENT_COLUMN_TYPES, EVENT_COLUMNS, type EventRow } from "./event-row.ts";

/**
 * Event rows in PostgreSQL's binary COPY format (docs/adr/0031): each value as its type's binary form,
 * so neither side escapes or parses text (Windows JSON is full of backslashes COPY's text format doubles).
 * A stream is the header, the rows, the trailer.
 */
export const BINARY_COPY_HEADER = Buffer.concat([
  Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"),
  Buffer.alloc(8), // flags, then the header extension's length: none
]);
/** The end of the stream: a row of −1 fields. */
export const BINARY_COPY_TRAILER = Buffer.from([0xff, 0xff]);

const POSTGRES_EPOCH_MS = BigInt(Date.UTC(2000, 0, 1));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSONB_VERSION = 1;

/** A buffer written from the start, grown on demand; rows are copied out of it once complete. */
class Scratch {
  bytes = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + more));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  int16(value: number): void {
    this.reserve(2);
    this.length = this.bytes.writeInt16BE(value, this.length);
  }

  int32(value: number): void {
    this.reserve(4);
    this.length = this.bytes.writeInt32BE(value, this.length);
  }

  /** A length-prefixed UTF-8 value (lone surrogates become U+FFFD), after an optional version byte. */
  text(value: string, version?: number): void {
    // PostgreSQL stores no NUL in text or JSON: U+FFFD instead, as `toPgJson` does for JSON's \u0000.
    const text = value.includes("\0") ? value.replaceAll("\0", "\ufffd") : value;
    this.reserve(5 + text.length * 3);
    const start = this.length;
    this.length += 4;
    if (version !== undefined) this.bytes[this.length++] = version;
    this.length += this.bytes.write(text, this.length, "utf8");
    this.bytes.writeInt32BE(this.length - start - 4, start);
  }

  /** The bytes written, in a buffer of their own; the scratch is then reused (and shrunk after a huge row). */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    this.bytes.copy(out, 0, 0, this.length);
    if (this.bytes.length > 1024 * 1024) this.bytes = Buffer.allocUnsafe(64 * 1024);
    this.length = 0;
    return out;
  }
}

/** The text of a value for a text column: numbers and booleans as written, objects as JSON. */
const asText = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "object" ? toPgJson(value) : String(value);

const WRITERS: Record<ColumnType, (out: Scratch, value: unknown) => void> = {
  text: (out, value) => out.text(asText(value)),
  json: (out, value) => out.text(toPgJson(value)),
  jsonb: (out, value) => out.text(toPgJson(value), JSONB_VERSION),
  integer(out, value) {
    if (!Number.isInteger(value) || (value as number) < -(2 ** 31) || (value as number) >= 2 ** 31)
      throw new Error(`${JSON.stringify(value)} is not a 32-bit integer`);
    out.int32(4);
    out.int32(value as number);
  },
  // Microseconds since 2000-01-01 UTC, as a 64-bit integer.
  timestamptz(out, value) {
    const ms = (value instanceof Date ? value : new Date(String(value))).getTime();
    if (!Number.isFinite(ms)) throw new Error(`${String(value)} is not a time`);
    out.int32(8);
    out.reserve(8);
    out.length = out.bytes.writeBigInt64BE((BigInt(ms) - POSTGRES_EPOCH_MS) * 1000n, out.length);
  },
  uuid(out, value) {
    if (typeof value !== "string" || !UUID.test(value)) throw new Error(`${String(value)} is not a UUID`);
    out.int32(16);
    out.reserve(16);
    out.length += out.bytes.write(value.replaceAll("-", ""), out.length, "hex");
  },
};

const COLUMNS = EVENT_COLUMNS.map((column) => ({ column, write: WRITERS[EVENT_COLUMN_TYPES[column]] }));
// Encoding is synchronous, so one scratch serves every row of the process in turn.
const scratch = new Scratch();

/** One event row in binary COPY format; throws, naming the column, for a value its type cannot hold. */
export function binaryCopyRow(row: EventRow): Buffer {
  scratch.length = 0;
  scratch.int16(COLUMNS.length);
  for (const { column, write } of COLUMNS) {
    const value = row[column];
    if (value === null || value === undefined) scratch.int32(-1);
    else {
      try {
        write(scratch, value);
      } catch (error) {
        scratch.length = 0;
        throw new Error(`${column}: ${(error as Error).message}`);
      }
    }
  }
  return scratch.take();
}
