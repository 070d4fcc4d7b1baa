import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventWriter } from "../src/ingest/event-writer.ts";
import { PartitionManager } from "../src/ingest/partitions.ts";
import { prepareEvent } from "../src/ingest/prepare.ts";
import { INDEX_SLICE, indexNextSlice } from "../src/ingest/search-indexer.ts";
import type { Database } from "../src/platform/db/database.ts";
import { migrate } from "../src/platform/db/migrate.ts";
import { storageUnderTest, testDatabase } from "./support/database.ts";

const now = new Date("2026-11-21T12:00:00Z");
const row = (timestamp: string, extra: Record<string, unknown> = {}) => {
  const prepared = prepareEvent({ source_type: "generic", timestamp, ...extra }, { receiver: "test" }, now);
  if (!prepared.ok) throw new Error(prepared.error);
  return prepared.row;
};

describe(`storage (${storageUnderTest})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db.close());

  it("migrations are recorded and idempotent", async () => {
    expect(await migrate(db.pool)).toEqual([]);
    const { rows } = await db.pool.query("SELECT name FROM schema_migrations ORDER BY name");
    expect(rows[0].name).toBe("0001_foundation.sql");
  });

  it("creates one partition per event day on demand and drops a day at once", async () => {
    const writer = new EventWriter(db);
    await writer.write([
      row("2026-11-18T23:59:59.999Z"),
      row("2026-11-19T00:00:00Z"),
      row("2026-11-19T13:00:00Z"),
    ]);
    const partitions = new PartitionManager(db.pool);
    expect(await partitions.list()).toEqual(expect.arrayContaining(["2026-11-18", "2026-11-19"]));
    const counts = await db.pool.query(
      "SELECT tableoid::regclass::text AS p, count(*)::int AS n FROM events GROUP BY 1 ORDER BY 1",
    );
    expect(counts.rows).toEqual([
      { p: "events_p20261118", n: 1 },
      { p: "events_p20261119", n: 2 },
    ]);
    while ((await indexNextSlice(db)) !== null);
    await partitions.drop("2026-11-18");
    expect((await db.pool.query("SELECT count(*)::int AS n FROM events")).rows[0].n).toBe(2);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM event_search")).rows[0].n).toBe(2);
  });

  it("group commit: concurrent writes share statements and each resolves after its commit", async () => {
    const writer = new EventWriter(db);
    const statements: string[] = [];
    const query = db.pool.query.bind(db.pool);
    db.pool.query = ((text: unknown, ...rest: unknown[]) => {
      if (typeof text === "string" && text.includes("INSERT INTO events")) statements.push(text);
      return (query as (...a: unknown[]) => unknown)(text, ...rest);
    }) as typeof db.pool.query;
    try {
      const writes = Array.from({ length: 50 }, (_, i) =>
        writer.write([row("2026-11-20T10:00:00Z", { message: `w${i}` })]),
      );
      await Promise.all(writes);
    } finally {
      db.pool.query = query;
    }
    expect(statements.length).toBeLessThanOrEqual(db.concurrency + 1);
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM events WHERE message LIKE 'w%'");
    expect(rows[0].n).toBe(50);
  });

  it("the search indexer takes a large batch in slices and indexes each event once", async () => {
    while ((await indexNextSlice(db)) !== null);
    const before = (await db.pool.query("SELECT count(*)::int AS n FROM event_search")).rows[0].n;
    const size = INDEX_SLICE * 2 + 500;
    await new EventWriter(db, { maxBatchRows: size }).write(
      Array.from({ length: size }, (_, i) => row("2026-11-20T11:00:00Z", { message: `slice ${i}` })),
    );
    const slices: (number | null)[] = [];
    for (let n = await indexNextSlice(db); n !== null; n = await indexNextSlice(db)) slices.push(n);
    expect(slices).toEqual([INDEX_SLICE, INDEX_SLICE, 500]);
    const after = await db.pool.query(
      "SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM event_search",
    );
    expect(after.rows[0]).toEqual({ n: before + size, d: before + size });
  });

  it("a storage failure rejects the waiting writes with 503, it does not hang", async () => {
    const writer = new EventWriter(db);
    const query = db.pool.query.bind(db.pool);
    db.pool.query = (async () => {
      throw new Error("connection lost");
    }) as unknown as typeof db.pool.query;
    try {
      await expect(writer.write([row("2026-11-22T10:00:00Z")])).rejects.toMatchObject({ status: 503 });
    } finally {
      db.pool.query = query;
    }
  });

  it("a failed parameterized query never fails the next ones", async () => {
    for (let i = 0; i < 3; i++) {
      await expect(db.pool.query("SELECT * FROM no_such_table WHERE a = $1", [i])).rejects.toThrow(
        /no_such_table/,
      );
      const { rows } = await db.pool.query("SELECT $1::int AS n", [i]);
      expect(rows[0].n).toBe(i);
    }
  });

  it("the search indexer takes small batches together, up to a slice, each event once", async () => {
    while ((await indexNextSlice(db)) !== null);
    const before = (await db.pool.query("SELECT count(*)::int AS n FROM event_search")).rows[0].n;
    const writer = new EventWriter(db, { maxBatchRows: 1 }); // one backlog entry per write
    const small = INDEX_SLICE / 4 + 1;
    for (let i = 0; i < 5; i++)
      await writer.write(
        Array.from({ length: small }, (_, j) => row("2026-11-20T12:00:00Z", { message: `small ${i}.${j}` })),
      );
    const slices: number[] = [];
    for (let n = await indexNextSlice(db); n !== null; n = await indexNextSlice(db)) slices.push(n);
    // Three batches fit in a slice, a fourth would not: three go together, then the last two.
    expect(slices).toEqual([small * 3, small * 2]);
    const after = await db.pool.query(
      "SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM event_search",
    );
    expect(after.rows[0]).toEqual({ n: before + small * 5, d: before + small * 5 });
  });

  it("reports its load: writing, saturated while every flush slot is taken, idle once all is committed", async () => {
    const writer = new EventWriter(db, { maxBatchRows: 1 }); // one flush per write
    expect(writer.load).toBe("idle");
    const first = writer.write([row("2026-11-20T11:00:00Z")]);
    await new Promise((r) => setImmediate(r));
    expect(writer.load).toBe(db.concurrency > 1 ? "writing" : "saturated");
    await first;
    const writes = Array.from({ length: db.concurrency + 1 }, () =>
      writer.write([row("2026-11-20T11:00:00Z")]),
    );
    await new Promise((r) => setImmediate(r));
    expect(writer.load).toBe("saturated");
    await Promise.all(writes);
    expect(writer.load).toBe("idle");
  });

  it("refuses writes beyond the queue bound instead of growing memory", async () => {
    const writer = new EventWriter(db, { maxQueuedRows: 2 });
    await expect(
      writer.write([row("2026-11-20T10:00:00Z"), row("2026-11-20T10:00:00Z"), row("2026-11-20T10:00:00Z")]),
    ).rejects.toMatchObject({ status: 503 });
  });
});
