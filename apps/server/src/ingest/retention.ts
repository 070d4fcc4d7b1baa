import { Cron } from "croner";
import type { AppContext } from "../container.ts";
import { withAdvisoryLock } from "../platform/db/advisory-lock.ts";
import type { Database } from "../platform/db/database.ts";
import { ClaimStore } from "./claims.ts";
import { firstKeptDay, PartitionManager } from "./partitions.ts";

/**
 * Drops every events partition whose whole day is older than `days` before `now`, then forgets those
 * days in the dashboard rollups (dropping a table fires no trigger). Returns the dropped days.
 */
export async function applyRetention(db: Database, days: number, now: Date): Promise<string[]> {
  const firstKept = firstKeptDay(now, days);
  return withAdvisoryLock(db, 7263003, async () => {
    const partitions = new PartitionManager(db.pool);
    const expired = (await partitions.list()).filter((day) => day < firstKept);
    for (const day of expired) await partitions.drop(day);
    if (expired.length)
      await db.pool.query("SELECT event_rollups_forget_before($1)", [`${firstKept}T00:00:00Z`]);
    return expired;
  });
}

/** Runs retention every hour on a worker node (and once at start); stop() cancels it. */
export function scheduleRetention(ctx: AppContext): { stop(): void } {
  const run = async () => {
    try {
      const dropped = await applyRetention(ctx.db, ctx.config.VIGIE_RETENTION_DAYS, ctx.clock.now());
      if (dropped.length) ctx.logger.info({ dropped }, "retention dropped event days");
      // Sender ids past the idempotency window no longer count: forget them.
      await new ClaimStore(ctx.db).purge(ctx.config.VIGIE_IDEMPOTENCY_WINDOW_HOURS * 3600);
    } catch (error) {
      ctx.logger.error({ err: error }, "retention failed");
    }
  };
  const job = new Cron("17 * * * *", { protect: true }, run);
  void run();
  return { stop: () => job.stop() };
}
