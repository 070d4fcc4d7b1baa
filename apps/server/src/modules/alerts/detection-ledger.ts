import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";

/**
 * The detection position, kept in the database beside the alerts (migration 0010): the stored events
 * still to be evaluated (`detection_pending`, filled by a trigger on `events`). Rows leave it only
 * inside the alerts transaction, which stores the firings of exactly the events it took out.
 */
export const detectionLedger = {
  /**
   * Marks events as evaluated and returns those that were still pending: an event evaluated twice
   * (recovered and delivered live, or by two nodes) is committed by one transaction only.
   */
  async markEvaluated(executor: SqlExecutor, eventIds: readonly string[]): Promise<Set<string>> {
    const ids = eventIds.filter(isUuid);
    if (!ids.length) return new Set();
    const { rows } = await executor.query(
      "DELETE FROM detection_pending WHERE id = ANY($1::uuid[]) RETURNING id",
      [ids],
    );
    return new Set((rows as { id: string }[]).map((row) => row.id));
  },
};
