import type { RuleAction, RuleActionType } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import { toPgJson } from "../../platform/db/pg-json.ts";
import { newId } from "../../platform/ids.ts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";

/** The delivery state of one action of an alert. */
export type DeliveryStatus = "pending" | "retrying" | "delivered" | "failed";

/** One action of an alert, with the config the rule had when it fired. */
export interface AlertActionRecord {
  id: string;
  alert_id: string;
  type: RuleActionType;
  config: Record<string, unknown>;
}

/** What one delivery attempt did. */
export interface AttemptOutcome {
  attempt: number;
  at: Date;
  delivered: boolean;
  /** A failure that will be retried leaves the action `retrying`, the last one `failed`. */
  willRetry: boolean;
  error: string | null;
  durationMs: number;
}

/** Stores each alert's actions and every delivery attempt, so their outcome is visible on the alert. */
export class AlertActionsRepository {
  constructor(private readonly db: Database) {}

  /** Records the actions of new alerts (inside the caller's transaction); returns the new rows' ids. */
  async create(
    executor: SqlExecutor,
    alerts: readonly { alertId: string; actions: readonly RuleAction[] }[],
    now: Date,
  ): Promise<string[]> {
    const rows = alerts.flatMap(({ alertId, actions }) =>
      actions.map((action, index) => ({
        id: newId(),
        alert_id: alertId,
        position: index + 1,
        type: action.type,
        config: action.config ?? {},
      })),
    );
    if (!rows.length) return [];
    await executor.query(
      `INSERT INTO alert_actions (id, alert_id, position, type, config, created_at)
       SELECT id, alert_id, position, type, config, $2
       FROM jsonb_to_recordset($1::jsonb) AS a(id uuid, alert_id uuid, position integer, type text, config jsonb)`,
      [toPgJson(rows), now],
    );
    return rows.map((row) => row.id);
  }

  async get(id: string): Promise<AlertActionRecord | null> {
    const { rows } = await this.db.pool.query<AlertActionRecord>(
      "SELECT id, alert_id, type, config FROM alert_actions WHERE id = $1",
      [id],
    );
    return rows[0] ?? null;
  }

  /** Stores an attempt and the action's resulting state. */
  async recordAttempt(id: string, outcome: AttemptOutcome): Promise<void> {
    const status: DeliveryStatus = outcome.delivered
      ? "delivered"
      : outcome.willRetry
        ? "retrying"
        : "failed";
    await this.db.pool.query(
      `WITH attempt AS (
         INSERT INTO alert_action_attempts (id, alert_action_id, attempt, at, outcome, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7))
       UPDATE alert_actions SET status = $8, attempts = GREATEST(attempts, $3), last_error = $6, last_attempt_at = $4
       WHERE id = $2`,
      [
        newId(),
        id,
        outcome.attempt,
        outcome.at,
        outcome.delivered ? "delivered" : "failed",
        outcome.error?.slice(0, 2000) ?? null,
        Math.round(outcome.durationMs),
        status,
      ],
    );
  }

  /** The actions of an alert and their attempts (oldest first), as `GET /alerts/:id` shows them. */
  async forAlert(alertId: string) {
    const { rows } = await this.db.pool.query(
      `SELECT a.id, a.position, a.type, a.status, a.attempts, a.last_error AS error, a.last_attempt_at AS at,
         COALESCE((SELECT json_agg(json_build_object('attempt', t.attempt, 'at', t.at, 'outcome', t.outcome,
                     'error', t.error, 'duration_ms', t.duration_ms) ORDER BY t.attempt, t.at)
                   FROM alert_action_attempts t WHERE t.alert_action_id = a.id), '[]') AS history
       FROM alert_actions a WHERE a.alert_id = $1 ORDER BY a.position`,
      [alertId],
    );
    return rows.map((row) => ({
      ...row,
      at: row.at ? new Date(row.at).toISOString() : null,
      history: (row.history as { at: string }[]).map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    }));
  }
}
