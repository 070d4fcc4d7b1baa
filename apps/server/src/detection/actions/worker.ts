import type { AppContext } from "../../container.ts";
import { AlertActionsRepository } from "../../modules/alerts/alert-actions.repository.ts";
import { AlertsRepository } from "../../modules/alerts/alerts.repository.ts";
import {
  type ActionJob,
  ALERT_ACTIONS_POLICY,
  ALERT_ACTIONS_QUEUE,
} from "../../modules/alerts/alerts.service.ts";
import { actionAttemptCounter } from "../metrics.ts";
import { deliverAction } from "./delivery.ts";

/** Deliveries running at once on a worker node, so one slow receiver does not hold up the others. */
export const ACTION_CONCURRENCY = 4;

/** Starts delivering alert actions on this node (role `worker`). */
export async function startActionWorker(ctx: AppContext): Promise<void> {
  const deps = {
    actions: new AlertActionsRepository(ctx.db),
    alerts: new AlertsRepository(ctx.db),
    clock: ctx.clock,
    countAttempt: actionAttemptCounter(ctx.metrics),
    context: {
      logger: ctx.logger,
      smtp: { url: ctx.config.VIGIE_SMTP_URL, from: ctx.config.VIGIE_SMTP_FROM },
    },
  };
  await ctx.jobs.define(ALERT_ACTIONS_QUEUE, ALERT_ACTIONS_POLICY);
  await ctx.jobs.work<ActionJob>(ALERT_ACTIONS_QUEUE, ACTION_CONCURRENCY, (job, attempt) =>
    deliverAction(deps, job, attempt),
  );
}
