/** Runs SQL on a connection the caller chose (a transaction's client, so jobs commit with its rows). */
export interface SqlExecutor {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** How a queue retries its jobs. */
export interface QueuePolicy {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Delay before the first retry; doubled (with jitter) for each further one. */
  retryDelaySeconds: number;
  /** A job still running after this is considered lost and retried. */
  expireInSeconds: number;
}

/** Where a job is in its life, for its handler. */
export interface JobAttempt {
  /** 1 for the first run. */
  attempt: number;
  /** True when a failure of this run will not be retried. */
  final: boolean;
}

/** Handles one job; a rejection fails the attempt and schedules the next one while retries remain. */
export type JobHandler<T> = (data: T, attempt: JobAttempt) => Promise<void>;

/** The jobs of a queue by state: waiting (`pending`, `retrying` after a failed attempt), running, or failed for good. */
export interface JobCounts {
  pending: number;
  retrying: number;
  active: number;
  /** Failed jobs still kept in the queue (they are archived after a while). */
  failed: number;
}

/** Durable jobs in the application's database (the port; `PgBossJobQueue` is the adapter). */
export interface JobQueue {
  /** Creates the queue's storage and policy once; safe to call again. */
  define(queue: string, policy: QueuePolicy): Promise<void>;
  /**
   * Stores jobs; with `executor`, inside the caller's transaction (they exist only if it commits).
   * Call `define` (outside any transaction) before the first enqueue.
   */
  enqueue<T extends object>(queue: string, jobs: T[], executor?: SqlExecutor): Promise<void>;
  /** Runs jobs of the queue in this process with up to `concurrency` at a time. */
  work<T extends object>(queue: string, concurrency: number, handler: JobHandler<T>): Promise<void>;
  /** How many jobs of the queue are in each state (all zero before the queue's storage exists). */
  counts(queue: string): Promise<JobCounts>;
  /** Stops this process's workers (waiting for running jobs) and background maintenance. */
  stop(): Promise<void>;
}
