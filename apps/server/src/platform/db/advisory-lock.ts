import type { Database } from "./database.ts";

/**
 * Runs `fn` while holding a PostgreSQL advisory lock, so only one node does it at a time. The embedded
 * engine serves one process over a single connection, so there it just runs `fn`.
 */
export async function withAdvisoryLock<T>(db: Database, key: number, fn: () => Promise<T>): Promise<T> {
  if (db.mode === "embedded") return fn();
  const client = await db.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [key]);
    return await fn();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [key]).catch(() => undefined);
    client.release();
  }
}
