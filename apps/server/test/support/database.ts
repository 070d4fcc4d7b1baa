import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../../src/platform/db/database.ts";
import { startEmbeddedServer } from "../../src/platform/db/embedded.ts";
import { MIGRATIONS_DIR, migrate } from "../../src/platform/db/migrate.ts";

/** Which storage the suites run on: PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite. */
export const storageUnderTest = process.env.TEST_DATABASE_URL ? "postgres" : "embedded";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new PostgreSQL database
 * created next to TEST_DATABASE_URL's and dropped on close (never one we did not create). Both start
 * from a copy of a database migrated once per migration set (docs/TESTING.md), not by migrating again.
 */
export async function testDatabase(options: { queryTimeoutMs?: number } = {}): Promise<Database> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return openDatabase({ embeddedDir: null, startFrom: await embeddedTemplate(), ...options });
  const name = `vigie_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(base, `CREATE DATABASE ${name} TEMPLATE ${await postgresTemplate(base)}`);
  const db = await openDatabase({ url: withDatabase(base, name), ...options });
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  return db;
}

/** A short hash of every migration's name and text: a new or edited migration makes a new template. */
export const migrationsHash = (() => {
  const hash = createHash("sha256");
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest("hex").slice(0, 12);
})();

const PGLITE_VERSION = (() => {
  // The package exports no package.json: read it beside the resolved entry point.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), "package.json");
  return JSON.parse(readFileSync(manifest, "utf8")).version as string;
})();
let embedded: Promise<Uint8Array> | undefined;

/** The migrated embedded data dir, dumped once per machine and migration set into the temp folder. */
function embeddedTemplate(): Promise<Uint8Array> {
  embedded ??= (async () => {
    const dir = path.join(os.tmpdir(), "vigie-test-templates");
    // A dump is read back by the PGlite version that wrote it only.
    const file = path.join(dir, `embedded-${PGLITE_VERSION}-${migrationsHash}.tar`);
    try {
      return new Uint8Array(readFileSync(file));
    } catch {
      const server = await startEmbeddedServer(null);
      const pool = new pg.Pool({ host: server.socketDir, port: 5432, user: "postgres", max: 1 });
      await migrate(pool);
      await pool.end();
      const bytes = await server.dump();
      await server.stop();
      mkdirSync(dir, { recursive: true });
      // Written under a unique name then renamed: a concurrent file never reads half a template.
      const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
      writeFileSync(partial, bytes);
      renameSync(partial, file);
      return bytes;
    }
  })();
  return embedded;
}

let postgres: Promise<string> | undefined;

/**
 * The migrated template database of this migration set, created once on the server under an advisory
 * lock: migrated under a temporary name, then renamed, so no test ever copies a half-migrated one.
 */
function postgresTemplate(base: string): Promise<string> {
  postgres ??= (async () => {
    const template = `vigie_template_${migrationsHash}`;
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock(7263099)");
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
      if (!found.rowCount) {
        const building = `${template}_${randomBytes(3).toString("hex")}`;
        await client.query(`CREATE DATABASE ${building}`);
        const pool = new pg.Pool({ connectionString: withDatabase(base, building), max: 1 });
        try {
          await migrate(pool);
          await pool.end();
          await client.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
        } catch (error) {
          await pool.end().catch(() => undefined);
          await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
          throw error;
        }
      }
      return template;
    } finally {
      await client.query("SELECT pg_advisory_unlock(7263099)").catch(() => undefined);
      await client.end();
    }
  })();
  return postgres;
}

function withDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
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
