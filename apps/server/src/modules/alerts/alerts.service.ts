import type { AlertStatus, Rule } from "@vigie/contracts";
import type pg from "pg";
import type { Firing } from "../../detection/types.ts";
import { errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import type { JobQueue, QueuePolicy } from "../../platform/jobs/job-queue.ts";
import type { EventsRepository } from "../logs/events.repository.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import type { RulesRepository, RuleTriggers } from "../rules/rules.repository.ts";
import { isUniqueViolation } from "../rules/rules.repository.ts";
import type { AlertActionsRepository } from "./alert-actions.repository.ts";
import { type Alert, toAlert } from "./alert-row.ts";
import type { AlertFilter, AlertsRepository } from "./alerts.repository.ts";
import { detectionLedger } from "./detection-ledger.ts";
import { groupFirings } from "./firing-batch.ts";
import { inTransaction } from "./transaction.ts";

/** The queue of rule action deliveries, and how they are retried (about 8 minutes of backoff in all). */
export const ALERT_ACTIONS_QUEUE = "alert-actions";
export const ALERT_ACTIONS_POLICY: QueuePolicy = { retryLimit: 8, retryDelaySeconds: 1, expireInSeconds: 60 };
/** What one step of detection produced: the firings, each with the event that completed it, and every event evaluated. */
export interface Evaluation {
  firings: (Firing & { event_id: string })[];
  events: string[];
}
/** The job that delivers one action of one alert. */
export interface ActionJob {
  alert_action_id: string;
}

/** What the alerts service works with. */
export interface AlertsDeps {
  db: Database;
  alerts: AlertsRepository;
  actions: AlertActionsRepository;
  rules: RulesRepository;
  events: EventsRepository;
  jobs: JobQueue;
  bus: Bus;
  clock: Clock;
  audit: AuditSink;
}

/** Alerts: raised from firings (with their actions queued in the same commit), listed, triaged. */
export class AlertsService {
  constructor(private readonly deps: AlertsDeps) {}

  /** Creates the action queue ahead of the first alert. */
  prepare(): Promise<void> {
    return this.deps.jobs.define(ALERT_ACTIONS_QUEUE, ALERT_ACTIONS_POLICY);
  }

  /**
   * Commits one step of detection in one transaction: the evaluated events leave the pending set (the
   * detection position) and the firings of those that were still pending become alerts (an event
   * already committed by another evaluation raises nothing again). Publishes after the commit.
   */
  async commitEvaluation(
    evaluation: Evaluation,
    ruleOf: (ruleId: string) => Rule | undefined,
  ): Promise<Alert[]> {
    await this.prepare();
    const outcomes = await inTransaction(this.deps.db, async (client) => {
      // Asynchronous commit is safe here: a commit lost in a database crash loses these alerts and the
      // position together, so the events are still pending and raise their alerts once when evaluated
      // again (docs/adr/0005, addendum); ingest's own commits stay synchronous.
      await client.query("SET LOCAL synchronous_commit = off");
      const taken = await detectionLedger.markEvaluated(client, evaluation.events);
      const firings = evaluation.firings.filter((firing) => taken.has(firing.event_id));
      return this.#store(client, firings, ruleOf);
    });
    for (const { alert, inserted } of outcomes) {
      await this.deps.bus.publish(inserted ? "alert.raised" : "alert.updated", { alert });
    }
    return outcomes.map((outcome) => outcome.alert);
  }

  /**
   * Turns firings into alerts: new alerts (actions queued as durable jobs) or merges into the open alert
   * of the same rule and group; rule counters follow.
   */
  async #store(
    client: pg.PoolClient,
    firings: readonly Firing[],
    ruleOf: (ruleId: string) => Rule | undefined,
  ) {
    if (!firings.length) return [];
    const now = this.deps.clock.now();
    const grouped = groupFirings(firings, ruleOf);
    const raised = await this.deps.alerts.raise(client, grouped, now);
    const created = raised.filter(({ inserted }) => inserted);
    const actionsOf = new Map(grouped.map(({ rule }) => [rule.id, rule.actions]));
    const actionIds = await this.deps.actions.create(
      client,
      created.map(({ row }) => ({ alertId: row.id, actions: actionsOf.get(row.rule_id) ?? [] })),
      now,
    );
    await this.deps.rules.recordTriggers(client, triggersOf(firings, ruleOf), now);
    await this.deps.jobs.enqueue(
      ALERT_ACTIONS_QUEUE,
      actionIds.map((alert_action_id) => ({ alert_action_id })),
      client,
    );
    return raised.map(({ row, inserted }) => ({ alert: toAlert(row), inserted }));
  }

  /** One page of alerts, newest first. */
  async list(filter: AlertFilter, offset: number, limit: number) {
    const { rows, total } = await this.deps.alerts.list(filter, offset, limit);
    return { items: rows.map(toAlert), total };
  }

  /** An alert with its status history, its actions' deliveries and the events that made it fire. */
  async detail(id: string) {
    const row = await this.deps.alerts.get(id);
    if (!row) throw errors.notFound("Alert");
    const [history, actions, matched_events] = await Promise.all([
      this.deps.alerts.history(row.id),
      this.deps.actions.forAlert(row.id),
      this.deps.events.getMany(row.matched_event_ids),
    ]);
    // The web console reads history and deliveries on the alert; API clients find them beside it.
    return { alert: { ...toAlert(row), history, action_results: actions }, matched_events, history, actions };
  }

  /** Moves an alert along its lifecycle, recording who and when; 409 when reopening would duplicate an open alert. */
  async changeStatus(id: string, change: { status: AlertStatus; notes?: string }, origin: ChangeOrigin) {
    const at = this.deps.clock.now();
    let row: Awaited<ReturnType<AlertsRepository["changeStatus"]>>;
    try {
      row = await inTransaction(this.deps.db, (client) =>
        this.deps.alerts.changeStatus(client, id, { ...change, actor: origin.actor, at }),
      );
    } catch (error) {
      if (!isUniqueViolation(error, "alerts_open_group_key")) throw error;
      throw errors.conflict("This rule already has an open alert for the same group");
    }
    if (!row) throw errors.notFound("Alert");
    const alert = toAlert(row);
    await this.deps.bus.publish("alert.updated", { alert });
    await this.deps.audit.record({
      ...origin,
      action: "alert.status_changed",
      target_type: "alert",
      target_id: alert.id,
      details: { status: change.status, ...(change.notes ? { notes: change.notes } : {}) },
    });
    return alert;
  }
}

/** How many times each (still existing) rule fired. */
function triggersOf(
  firings: readonly Firing[],
  ruleOf: (ruleId: string) => Rule | undefined,
): RuleTriggers[] {
  const counts = new Map<string, number>();
  for (const { rule_id } of firings) if (ruleOf(rule_id)) counts.set(rule_id, (counts.get(rule_id) ?? 0) + 1);
  return [...counts].map(([rule_id, count]) => ({ rule_id, count }));
}
