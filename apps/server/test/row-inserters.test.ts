import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_COLUMN_TYPES, EVENT_COLUMNS } from "../src/ingest/event-row.ts";
import { EventWriter } from "../src/ingest/event-writer.ts";
import { prepareEvent } from "../src/ingest/prepare.ts";
import {
  COPY_MIN_ROWS,
  copyInserter,
  type RowInserter,
  recordsetInserter,
} from "../src/ingest/row-inserters.ts";
import { searchBacklog } from "../src/ingest/search-indexer.ts";
import type { Database } from "../src/platform/db/database.ts";
import { storageUnderTest, testDatabase } from "./support/database.ts";

const now = new Date("2026-11-21T12:00:00Z");
// Every character class the two encodings must carry: COPY's escapes, JSON's, NUL, quotes, non-ASCII.
const HOSTILE = 'tab\there\nnew line\r\\back\\slash "quoted" \\N é 漢字 \u0000 end';
const records = [
  {
    source_type: "endpoint",
    event_type: "process_start",
    message: HOSTILE,
    raw_log: `C:\\Windows\\System32\\cmd.exe /c "${HOSTILE}"`,
    hostname: "audio001-ws1",
    username: "o'brien",
    source_port: 4444,
    command_line: HOSTILE,
    metadata: { nested: { list: [1, "two", null], text: HOSTILE } },
    timestamp: "2026-11-20T10:00:00Z",
  },
  { source_type: "generic", timestamp: "2026-11-20T10:00:01Z" },
];

/** The adapters of the insert port; COPY exists on PostgreSQL only (the embedded engine has no COPY FROM STDIN). */
const inserters: [string, RowInserter][] = [
  ["one jsonb_to_recordset statement", recordsetInserter],
  ...(storageUnderTest === "postgres" ? ([["COPY", copyInserter]] as [string, RowInserter][]) : []),
];

describe.each(inserters)(`row inserter: %s (${storageUnderTest})`, (_, inserter) => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db.close());

  // Small batches take one statement whatever the adapter; COPY starts at COPY_MIN_ROWS.
  it.each([
    ["a small batch", 0],
    ["a batch of COPY's size", COPY_MIN_ROWS],
  ])(
    "stores every column of %s as the pipeline prepared it, and records it in the search backlog",
    async (_, fillers) => {
      const fill = Array.from({ length: fillers }, (_, i) => ({ ...records[1], message: `filler ${i}` }));
      const rows = [...records, ...fill].map((r) => {
        const prepared = prepareEvent(r, { receiver: "test" }, now);
        if (!prepared.ok) throw new Error(prepared.error);
        return prepared.row;
      });
      const hostileId = rows[0]!.id;
      const backlog = await searchBacklog(db);
      await new EventWriter(db, { inserter }).write(rows);
      const { rows: stored } = await db.pool.query(
        `SELECT ${EVENT_COLUMNS.map((c) => `"${c}"`).join(", ")} FROM events WHERE id = ANY($1::uuid[])`,
        [rows.map((r) => r.id)],
      );
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      const expected = JSON.parse(JSON.stringify(rows.sort(byId)).replaceAll("\\u0000", "\ufffd"));
      expect(JSON.parse(JSON.stringify(stored.sort(byId)))).toEqual(expected);
      const hostile = stored.find((r: { id: string }) => r.id === hostileId);
      expect(hostile?.raw.message).toContain("\ufffd"); // `message` is sanitized; `raw` keeps what was sent
      expect(await searchBacklog(db)).toBe(backlog + rows.length);
    },
  );

  it("stores a row larger than the encoder's first buffer, and the rows after it, whole", async () => {
    const rows = rowsOf(COPY_MIN_ROWS, "large");
    const text = `${"漢字 \\ é ".repeat(80_000)}end`; // about 2 MB of UTF-8, past the encoder's 1 MiB
    rows[3]!.raw = { text };
    await new EventWriter(db, { inserter }).write(rows);
    const { rows: stored } = await db.pool.query<{ id: string; raw: { text: string }; message: string }>(
      "SELECT id, raw, message FROM events WHERE id = ANY($1::uuid[])",
      [rows.map((r) => r.id)],
    );
    expect(stored).toHaveLength(rows.length);
    const byId = new Map(stored.map((r) => [r.id, r]));
    expect(byId.get(rows[3]!.id)?.raw.text).toBe(text);
    for (const row of rows) expect(byId.get(row.id)?.message).toBe(row.message);
  });

  it("encodes each column as the type the events table has", async () => {
    const { rows } = await db.pool.query<{ column_name: string; type: string }>(
      `SELECT column_name, format_type(atttypid, atttypmod) AS type
         FROM information_schema.columns JOIN pg_attribute ON attrelid = 'events'::regclass AND attname = column_name
        WHERE table_name = 'events' AND table_schema = current_schema()`,
    );
    const names: Record<string, string> = { "timestamp with time zone": "timestamptz" };
    const actual = Object.fromEntries(rows.map((r) => [r.column_name, names[r.type] ?? r.type]));
    for (const column of EVENT_COLUMNS)
      expect([column, actual[column]]).toEqual([column, EVENT_COLUMN_TYPES[column]]);
  });

  it("writes in flight together keep the rollups exact, each in its own slot", async () => {
    const writer = new EventWriter(db, { inserter, maxBatchRows: 1 });
    const rows = Array.from({ length: 3 }, (_, i) => {
      const prepared = prepareEvent({ ...records[1], message: `w${i}` }, { receiver: "test" }, now);
      if (!prepared.ok) throw new Error(prepared.error);
      return prepared.row;
    });
    await Promise.all(rows.map((row) => writer.write([row])));
    const { rows: slots } = await db.pool.query(
      "SELECT slot, sum(count)::int AS n FROM event_totals_5m GROUP BY slot ORDER BY slot",
    );
    const { rows: events } = await db.pool.query("SELECT count(*)::int AS n FROM events");
    expect(slots.reduce((sum: number, s: { n: number }) => sum + s.n, 0)).toBe(events[0].n);
    expect(slots.length > 1).toBe(db.concurrency > 1);
  });

  it.each([
    ["a small batch", 0],
    ["a batch of COPY's size", COPY_MIN_ROWS],
  ])("a failed batch (%s) stores nothing, not even its backlog entry", async (_, fillers) => {
    const rows = Array.from({ length: fillers + 1 }, (_, i) => {
      const prepared = prepareEvent({ ...records[1], message: `doomed ${i}` }, { receiver: "test" }, now);
      if (!prepared.ok) throw new Error(prepared.error);
      return prepared.row;
    });
    const before = await searchBacklog(db);
    const duplicate = { ...rows[0]! };
    await expect(inserter.insert(db.pool, [...rows, duplicate], 0)).rejects.toThrow(/duplicate key/);
    expect(await searchBacklog(db)).toBe(before);
    const { rows: stored } = await db.pool.query(
      "SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[])",
      [rows.map((r) => r.id)],
    );
    expect(stored[0].n).toBe(0);
  });

  /** Prepared rows of the second record, `count` of them, each with its own message. */
  const rowsOf = (count: number, label: string) =>
    Array.from({ length: count }, (_, i) => {
      const prepared = prepareEvent({ ...records[1], message: `${label} ${i}` }, { receiver: "test" }, now);
      if (!prepared.ok) throw new Error(prepared.error);
      return prepared.row;
    });
  const storedCount = async (rows: { id: string }[]) =>
    (
      await db.pool.query("SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[])", [
        rows.map((r) => r.id),
      ])
    ).rows[0].n;

  it.each([
    ["a row nested past what JSON.stringify can encode", "encode"],
    ["a row with an integer out of range (the encoder or the database refuses it)", "integer"],
    ["a row the database alone refuses (its key is already stored)", "database"],
  ])("%s is refused alone: the rows and requests flushed beside it are stored", async (_, kind) => {
    const hostile = rowsOf(COPY_MIN_ROWS + 8, "hostile");
    let bad = hostile[5]!;
    if (kind === "encode") {
      let deep: unknown = 1;
      for (let i = 0; i < 10_000; i++) deep = { a: deep };
      bad.metadata = deep as Record<string, unknown>;
    } else if (kind === "integer") {
      bad.source_port = 3_000_000_000;
    } else {
      bad = { ...hostile[4]!, message: "the same key again" };
      hostile[5] = bad;
    }
    const neighbours = [rowsOf(COPY_MIN_ROWS + 2, "neighbour"), rowsOf(1, "single")];
    const writer = new EventWriter(db, { inserter });
    const results = await Promise.all([hostile, ...neighbours].map((rows) => writer.write(rows)));
    for (const { refused } of results) {
      expect([...refused.keys()]).toEqual([bad]);
      expect(refused.get(bad)).toMatch(/cannot be stored/);
    }
    expect(await storedCount(hostile)).toBe(hostile.length - 1);
    for (const rows of neighbours) expect(await storedCount(rows)).toBe(rows.length);
    // The connection the refused COPY used is usable: the next write goes through.
    const after = rowsOf(COPY_MIN_ROWS, "after");
    expect((await writer.write(after)).refused.size).toBe(0);
    expect(await storedCount(after)).toBe(after.length);
  });
});
