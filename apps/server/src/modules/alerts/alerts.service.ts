import type { Rule } from "@vigie/contracts";
import type pg from "pg";
import type { Firing } from "../../detection/types.ts";
import { errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import type { JobQueue, QueuePolicy } from "../../platform/jobs/job-queue.ts";
import type { EventsRepository } from "../logs/events.repository.ts";
import type { RulesRepository, RuleTriggers } from "../rules/rules.repository.ts";
import type { AlertActionsRepository } from "./alert-actions.repository.ts";
import type { AlertFilter } from "./alert-filter.ts";
import { type Alert, toAlert } from "./alert-row.ts";
import type { AlertTriageRepository } from "./alert-triage.repository.ts";
import type { AlertGrouping, AlertsRepository } from "./alerts.repository.ts";
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
  triage: AlertTriageRepository;
  actions: AlertActionsRepository;
  rules: RulesRepository;
  events: EventsRepository;
  jobs: JobQueue;
  bus: Bus;
  clock: Clock;
}

/** Alerts: raised from firings (with their actions queued in the same commit), listed, grouped, detailed. */
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
   * Stores firings found outside the engine (the threat-intelligence look-back over stored events) in one
   * transaction, as the engine's are (merged into the open alert of the same rule and group), and publishes them.
   */
  async raiseFirings(
    firings: readonly Firing[],
    ruleOf: (ruleId: string) => Rule | undefined,
  ): Promise<Alert[]> {
    await this.prepare();
    const outcomes = await inTransaction(this.deps.db, (client) => this.#store(client, firings, ruleOf));
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

  /** One page of alerts matching a filter, in the order asked. */
  async list(filter: AlertFilter, page: Parameters<AlertsRepository["list"]>[1]) {
    const { rows, total } = await this.deps.alerts.list(filter, page);
    return { items: rows.map(toAlert), total };
  }

  /** One page of alert groups (per rule, or per rule and group value). */
  async groups(filter: AlertFilter, by: AlertGrouping, page: { offset: number; limit: number }) {
    const { rows, total } = await this.deps.alerts.groups(filter, by, page);
    const items = rows.map((row) => ({
      ...row,
      first_seen: row.first_seen.toISOString(),
      last_seen: row.last_seen.toISOString(),
    }));
    return { items, total };
  }

  /**
   * An alert with its rule (null once deleted), its timeline (status changes, notes, assignments), its
   * actions' deliveries and the events that made it fire.
   */
  async detail(id: string) {
    const row = await this.deps.alerts.get(id);
    if (!row) throw errors.notFound("Alert");
    const [history, actions, matched_events, rule] = await Promise.all([
      this.deps.triage.timeline(row.id),
      this.deps.actions.forAlert(row.id),
      this.deps.events.getMany(row.matched_event_ids),
      this.deps.rules.get(row.rule_id),
    ]);
    const alert = { ...toAlert(row), rule: rule && ruleSummary(rule), history, action_results: actions };
    // The web console reads history and deliveries on the alert; API clients find them beside it.
    return { alert, matched_events, history, actions };
  }

  /** The newest alerts sharing a host, address or user with this one, each with the entities it shares. */
  async related(id: string, limit = 50) {
    const row = await this.deps.alerts.get(id);
    if (!row) throw errors.notFound("Alert");
    const mine = new Set(row.entities);
    const rows = await this.deps.alerts.sharingEntities(row.id, row.entities, limit);
    const items = rows.map((other) => ({
      ...toAlert(other),
      shared: other.entities.filter((entity) => mine.has(entity)),
    }));
    return { entities: row.entities, items };
  }
}

/** What the alert drawer shows of the rule that raised an alert. */
function ruleSummary(rule: Rule) {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description ?? null,
    rule_type: rule.rule_type,
    enabled: rule.enabled,
    severity: rule.severity,
    author: rule.sigma?.author ?? null,
    sigma_id: rule.sigma?.id ?? null,
    mitre_tactics: rule.mitre_tactics ?? [],
    mitre_techniques: rule.mitre_techniques ?? [],
  };
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
