import PgBoss from "pg-boss";
import type { Logger } from "pino";
import { withAdvisoryLock } from "../db/advisory-lock.ts";
import type { Database } from "../db/database.ts";
import type { JobHandler, JobQueue, QueuePolicy, SqlExecutor } from "./job-queue.ts";

/** How often an idle worker looks for due jobs. */
const POLL_SECONDS = 1;
/** Advisory lock taken around pg-boss's start (next to migrations' 7263001 and first start's 7263002). */
const START_LOCK = 7263003;

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
      defined = this.#start().then(() => this.#createQueue(queue, policy));
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

  async stop(): Promise<void> {
    if (!this.#started) return;
    await this.#started.catch(() => undefined);
    await this.#boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  #start(): Promise<unknown> {
    // On an empty database pg-boss creates its schema; two nodes doing it at once collide, so one at a time.
    this.#started ??= withAdvisoryLock(this.#db, START_LOCK, () => this.#boss.start());
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
