import { performance } from "node:perf_hooks";
import type { AlertActionsRepository } from "../../modules/alerts/alert-actions.repository.ts";
import { toAlert } from "../../modules/alerts/alert-row.ts";
import type { AlertsRepository } from "../../modules/alerts/alerts.repository.ts";
import type { ActionJob } from "../../modules/alerts/alerts.service.ts";
import type { Clock } from "../../platform/clock.ts";
import type { JobAttempt } from "../../platform/jobs/job-queue.ts";
import type { AttemptCounter } from "../metrics.ts";
import { actionHandlers } from "./index.ts";
import { type ActionContext, PermanentActionError } from "./types.ts";

/** What delivering an action needs. */
export interface DeliveryDeps {
  actions: AlertActionsRepository;
  alerts: AlertsRepository;
  clock: Clock;
  context: ActionContext;
  /** Told the outcome of every attempt (for /metrics). */
  countAttempt: AttemptCounter;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs one delivery attempt of an alert action (the job handler of the actions queue) and records its
 * outcome on the alert. A failure is rethrown so the queue retries it with backoff, unless it is
 * permanent or the last attempt, which leave the action `failed`.
 */
export async function deliverAction(deps: DeliveryDeps, job: ActionJob, attempt: JobAttempt): Promise<void> {
  const action = await deps.actions.get(job.alert_action_id);
  const row = action && (await deps.alerts.get(action.alert_id));
  if (!action || !row) return; // the alert was deleted: nothing left to deliver
  const at = deps.clock.now();
  const started = performance.now();
  try {
    await actionHandlers[action.type](toAlert(row), action.config, deps.context);
    const durationMs = performance.now() - started;
    await deps.actions.recordAttempt(action.id, {
      attempt: attempt.attempt,
      at,
      delivered: true,
      willRetry: false,
      error: null,
      durationMs,
    });
    deps.countAttempt(action.type, "delivered");
  } catch (error) {
    const willRetry = !attempt.final && !(error instanceof PermanentActionError);
    const outcome = { attempt: attempt.attempt, at, delivered: false, willRetry, error: errorText(error) };
    await deps.actions.recordAttempt(action.id, { ...outcome, durationMs: performance.now() - started });
    deps.countAttempt(action.type, willRetry ? "retrying" : "failed");
    deps.context.logger.warn(
      { alert_action_id: action.id, type: action.type, ...outcome },
      "alert action failed",
    );
    if (willRetry) throw error;
  }
}
