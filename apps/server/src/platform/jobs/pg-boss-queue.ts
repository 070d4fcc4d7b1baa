import PgBoss from "pg-boss";
import type { Logger } from "pino";
import { withAdvisoryLock } from "../db/advisory-lock.ts";
import type { Database } from "../db/database.ts";
import type { JobCounts, JobHandler, JobQueue, QueuePolicy, SqlExecutor } from "./job-queue.ts";

/** How often an idle worker looks for due jobs. */
const POLL_SECONDS = 1;
/**
 * Advisory lock around pg-boss's schema changes (its start, queue creation): two nodes making them at
 * once on an empty database collide or deadlock. Next to migrations' 7263001 and first start's 7263002.
 */
const SCHEMA_LOCK = 7263003;

/** Our name of each pg-boss job state that counts as queue depth (completed and cancelled jobs do not). */
const COUNTED_STATES: Record<string, keyof JobCounts> = {
  created: "pending",
  retry: "retrying",
  active: "active",
  failed: "failed",
};

const UNDEFINED_TABLE = "42P01";

/** pg-boss's database seam over one of our connections (`values` may be omitted for plain SQL). */
function asBossDb(executor: SqlExecutor): PgBoss.Db {
  return { executeSql: (text, values) => executor.query(text, values?.length ? values : undefined) as never };
}

/**
 * Durable jobs with pg-boss on the application's own database. pg-boss runs every statement through
 * our pool instead of opening its own, so the embedded engine (a single connection) works unchanged.
 */
export class PgBossJobQueue implements JobQueue {
  readonly #boss: PgBoss;
  readonly #db: Database;
  #started: Promise<unknown> | null = null;
  readonly #defined = new Map<string, Promise<void>>();

  constructor(db: Database, logger: Logger) {
    this.#db = db;
    this.#boss = new PgBoss({
      db: asBossDb(db.pool),
      schema: "pgboss",
      schedule: false,
      pollingIntervalSeconds: POLL_SECONDS,
    });
    this.#boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  }

  define(queue: string, policy: QueuePolicy): Promise<void> {
    let defined = this.#defined.get(queue);
    if (!defined) {
      defined = this.#start().then(() =>
        withAdvisoryLock(this.#db, SCHEMA_LOCK, () => this.#createQueue(queue, policy)),
      );
      // A failed definition (storage down) may be retried by the next call.
      defined.catch(() => this.#defined.delete(queue));
      this.#defined.set(queue, defined);
    }
    return defined;
  }

  async enqueue<T extends object>(queue: string, jobs: T[], executor?: SqlExecutor): Promise<void> {
    if (!jobs.length) return;
    if (!this.#defined.has(queue)) throw new Error(`job queue "${queue}" is not defined`);
    await this.#boss.insert(
      jobs.map((data) => ({ name: queue, data })),
      executor ? { db: asBossDb(executor) } : {},
    );
  }

  async work<T extends object>(queue: string, concurrency: number, handler: JobHandler<T>): Promise<void> {
    await this.#start();
    // pg-boss runs one job at a time per worker: several workers give concurrency.
    for (let worker = 0; worker < concurrency; worker++) {
      await this.#boss.work<T>(queue, { includeMetadata: true, batchSize: 1 }, async ([job]) => {
        if (!job) return;
        await handler(job.data, { attempt: job.retryCount + 1, final: job.retryCount >= job.retryLimit });
      });
    }
  }

  async counts(queue: string): Promise<JobCounts> {
    const counts: JobCounts = { pending: 0, retrying: 0, active: 0, failed: 0 };
    const rows = await this.#db.pool
      .query<{ state: string; size: number }>(
        `SELECT state, count(*)::int AS size FROM pgboss.job
         WHERE name = $1 AND state IN ('created', 'retry', 'active', 'failed') GROUP BY state`,
        [queue],
      )
      .then((result) => result.rows)
      // Before any node started pg-boss its tables do not exist (undefined_table): nothing is queued.
      .catch((error: { code?: string }) => {
        if (error.code === UNDEFINED_TABLE) return [];
        throw error;
      });
    for (const { state, size } of rows) {
      const counted = COUNTED_STATES[state];
      if (counted) counts[counted] = size;
    }
    return counts;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    await this.#started.catch(() => undefined);
    await this.#boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  #start(): Promise<unknown> {
    // Taken and released before any queue is created under the same lock (the lock is not reentrant across connections).
    this.#started ??= withAdvisoryLock(this.#db, SCHEMA_LOCK, () => this.#boss.start());
    return this.#started;
  }

  async #createQueue(queue: string, policy: QueuePolicy): Promise<void> {
    const options = {
      name: queue,
      retryLimit: policy.retryLimit,
      retryDelay: policy.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: policy.expireInSeconds,
    };
    if (await this.#boss.getQueue(queue)) await this.#boss.updateQueue(queue, options);
    else await this.#boss.createQueue(queue, options);
  }
}
