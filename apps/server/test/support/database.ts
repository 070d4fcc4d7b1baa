import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../src/platform/db/database.ts";

/** Which storage the suites run on: PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite. */
export const storageUnderTest = process.env.TEST_DATABASE_URL ? "postgres" : "embedded";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new PostgreSQL database
 * created next to TEST_DATABASE_URL's and dropped on close (never one we did not create).
 */
export async function testDatabase(): Promise<Database> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return openDatabase({ embeddedDir: null });
  const name = `vigie_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  return db;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
