import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";

/** A firing's identity: the rule that fired and the event whose evaluation completed it. */
export interface FiringKey {
  rule_id: string;
  event_id: string;
}

/** How long a stored firing is remembered: the longest window (a day) plus the longest cooldown, and margin. */
const FIRING_MEMORY = "36 hours";

/**
 * The detection position, kept in the database beside the alerts (migration 0010): which stored events
 * are still to be evaluated (`detection_pending`, filled by a trigger on `events`), and which firings
 * are already stored (`detection_firings`). Both are written only inside the alerts transaction.
 */
export const detectionLedger = {
  /** Marks events as evaluated: their alerts are committed with this. */
  async markEvaluated(executor: SqlExecutor, eventIds: readonly string[]): Promise<void> {
    const ids = eventIds.filter(isUuid);
    if (ids.length) await executor.query("DELETE FROM detection_pending WHERE id = ANY($1::uuid[])", [ids]);
  },

  /**
   * Records firings and returns those not stored before (in their order): evaluating an event again
   * after a crash, or on a second node, finds the same firing, which must not raise a second alert.
   */
  async firstTimeFirings<F extends FiringKey>(executor: SqlExecutor, firings: readonly F[]): Promise<F[]> {
    const keyed = firings.filter((f) => isUuid(f.rule_id) && isUuid(f.event_id));
    if (!keyed.length) return [];
    const { rows } = await executor.query(
      `INSERT INTO detection_firings (rule_id, event_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING RETURNING rule_id, event_id`,
      [keyed.map((f) => f.rule_id), keyed.map((f) => f.event_id)],
    );
    const fresh = new Set((rows as FiringKey[]).map((r) => `${r.rule_id}/${r.event_id}`));
    return keyed.filter((f) => fresh.delete(`${f.rule_id}/${f.event_id}`));
  },

  /** Forgets firings too old to be evaluated again. */
  async forgetOldFirings(executor: SqlExecutor): Promise<void> {
    await executor.query(
      `DELETE FROM detection_firings WHERE stored_at < now() - interval '${FIRING_MEMORY}'`,
    );
  },
};
