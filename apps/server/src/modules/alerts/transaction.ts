import type pg from "pg";
import type { Database } from "../../platform/db/database.ts";

/**
 * Runs `work` in one transaction on one client. Everything inside must go through `client`: the
 * embedded engine has a single connection, so awaiting another pool query here would deadlock.
 */
export async function inTransaction<T>(
  db: Database,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
