import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { type EmbeddedMemory, type EmbeddedServer, startEmbeddedServer } from "./embedded.ts";
import { migrate } from "./migrate.ts";
import * as schema from "./schema.ts";

// Return int8 (count(*)) as a JS number: counts here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/** How long opening a PostgreSQL connection may take before the statement fails as storage unavailable. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long a statement asked for by a user (a search, a list, a dashboard) may run unless configured. */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/** The storage every repository uses: a `pg` pool and drizzle over it, whichever engine is behind. */
export interface Database {
  mode: "embedded" | "postgres";
  pool: pg.Pool;
  /**
   * The pool for what users ask (searches, lists, dashboards): on PostgreSQL a statement running longer
   * than the query timeout is stopped (57014, answered 503), so one costly search cannot hold a
   * connection for minutes. The embedded engine has one session: there it is `pool`, with no timeout.
   */
  reads: pg.Pool;
  /** The query timeout of `reads` in milliseconds (PostgreSQL). */
  queryTimeoutMs: number;
  orm: NodePgDatabase<typeof schema>;
  /** How many statements may run at once (the embedded engine has a single session). */
  concurrency: number;
  /** The embedded engine's memory (absent on PostgreSQL, whose memory is its own server's). */
  embeddedMemory?: () => Promise<EmbeddedMemory>;
  close(): Promise<void>;
}

/**
 * Options to open storage: a PostgreSQL URL, or an embedded data dir (null = in memory, for tests),
 * optionally started from a dumped data dir (tests: an already migrated copy).
 */
export type DatabaseOptions = ({ url: string } | { embeddedDir: string | null; startFrom?: Uint8Array }) & {
  /** The query timeout of `reads` (default DEFAULT_QUERY_TIMEOUT_MS). */
  queryTimeoutMs?: number;
};

/** Opens storage and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let pool: pg.Pool;
  let reads: pg.Pool | undefined;
  const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  if ("url" in options) {
    const server = {
      connectionString: options.url,
      idleTimeoutMillis: 30_000,
      // A server that does not answer is reported (503) rather than waited for forever.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    };
    pool = new pg.Pool({ ...server, max: 16 });
    reads = new pg.Pool({ ...server, max: 8, statement_timeout: queryTimeoutMs });
  } else {
    embedded = await startEmbeddedServer(options.embeddedDir, options.startFrom);
    pool = new pg.Pool({
      host: embedded.socketDir,
      port: 5432,
      user: "postgres",
      database: "postgres",
      max: 1,
    });
  }
  // A client losing its server must not crash the process, idle (the pool's "error") or checked out (its
  // own "error", which nothing else listens to between two queries); the next query reports it.
  for (const each of reads ? [pool, reads] : [pool]) {
    each.on("error", () => undefined);
    each.on("connect", (client) => client.on("error", () => undefined));
  }
  if (embedded) retryOnDeadConnection(pool);
  const database: Database = {
    mode: embedded ? "embedded" : "postgres",
    pool,
    reads: reads ?? pool,
    queryTimeoutMs,
    orm: drizzle(pool, { schema }),
    concurrency: embedded ? 1 : 4,
    ...(embedded ? { embeddedMemory: embedded.memory } : {}),
    async close() {
      await pool.end().catch(() => undefined);
      await reads?.end().catch(() => undefined);
      await embedded?.stop();
    },
  };
  try {
    await migrate(pool);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

const DEAD_CONNECTION = /EPIPE|ECONNRESET|Connection terminated|connection error|not queryable/i;

/** Times a query that met a closed connection is sent again. */
const DEAD_CONNECTION_RETRIES = 3;

/**
 * pglite-socket closes its connection after a failed extended-protocol query, so the next query on
 * that connection fails without having run; a query in flight when the close lands may also see the
 * reset instead of its own error. Such a query is sent again on a fresh connection, after a pause that
 * lets the pool drop the closed one (else it can be handed the same connection again); any other error
 * is the query's own and is returned as is. Only failed queries are followed by a close, so a query
 * sent twice has not taken effect twice.
 */
function retryOnDeadConnection(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  pool.query = (async (...args: unknown[]) => {
    if (typeof args[args.length - 1] === "function") return query(...args);
    for (let attempt = 0; ; attempt++) {
      try {
        return await query(...args);
      } catch (error) {
        const dead = DEAD_CONNECTION.test(String((error as Error)?.message ?? error));
        if (!dead || attempt === DEAD_CONNECTION_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }) as typeof pool.query;
}
