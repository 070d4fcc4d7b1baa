import type { Logger } from "pino";
import { AlertActionsRepository } from "../modules/alerts/alert-actions.repository.ts";
import { AlertTriageRepository } from "../modules/alerts/alert-triage.repository.ts";
import { AlertTriageService } from "../modules/alerts/alert-triage.service.ts";
import { AlertsRepository } from "../modules/alerts/alerts.repository.ts";
import { AlertsService } from "../modules/alerts/alerts.service.ts";
import type { EventsRepository } from "../modules/logs/events.repository.ts";
import type { AuditSink } from "../modules/rules/audit-port.ts";
import { RuleExceptionsRepository } from "../modules/rules/exceptions.repository.ts";
import { RuleExceptionsService } from "../modules/rules/exceptions.service.ts";
import { PlaceholdersRepository } from "../modules/rules/placeholders.repository.ts";
import { RulesRepository } from "../modules/rules/rules.repository.ts";
import { RulesService } from "../modules/rules/rules.service.ts";
import type { Bus } from "../platform/bus/bus.ts";
import type { Clock } from "../platform/clock.ts";
import type { Database } from "../platform/db/database.ts";
import type { JobQueue } from "../platform/jobs/job-queue.ts";
import { DetectionEngine } from "./engine.ts";
import type { WindowStore } from "./state/window-store.ts";
import {
  oldestStoredEventTime,
  type PendingRange,
  pendingStoredEvents,
  recentStoredEvents,
} from "./stored-events.ts";

/** The adapters detection runs on, chosen by the container. */
export interface DetectionAdapters {
  db: Database;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  events: EventsRepository;
  audit: AuditSink;
  jobs: JobQueue;
  store: WindowStore;
  /** A new private store for recovery, when `store` is shared by several nodes (see `EngineDeps`). */
  recoveryStore?: () => WindowStore;
  /** How often the engine sweeps for events left pending (tests shorten it). */
  sweep?: { everyMs: number; staleAfterMs: number };
}

/** Rules (and their exceptions), alerts (and their triage) and the engine (not started: `main.ts` starts it on nodes with the `detect` role). */
export function createDetection(adapters: DetectionAdapters) {
  const { db, bus, clock, logger, events, audit, jobs, store, recoveryStore, sweep } = adapters;
  const rulesRepository = new RulesRepository(db);
  const placeholders = new PlaceholdersRepository(db);
  const exceptions = new RuleExceptionsRepository(db);
  const rules = new RulesService(rulesRepository, bus, audit, placeholders, exceptions, clock);
  const alertsRepository = new AlertsRepository(db);
  const ruleExceptions = new RuleExceptionsService({
    exceptions,
    rules: rulesRepository,
    alerts: alertsRepository,
    events,
    placeholders,
    bus,
    audit,
    clock,
  });
  const actions = new AlertActionsRepository(db);
  const triageRepository = new AlertTriageRepository(db);
  const alerts = new AlertsService({
    db,
    alerts: alertsRepository,
    triage: triageRepository,
    actions,
    rules: rulesRepository,
    events,
    jobs,
    bus,
    clock,
  });
  const alertTriage = new AlertTriageService({ db, triage: triageRepository, bus, clock, audit });
  const history = (from: Date, limit: number, eventTypes?: readonly string[]) =>
    recentStoredEvents(db, from, limit, eventTypes);
  const pending = (range: PendingRange) => pendingStoredEvents(db, range);
  const engine = new DetectionEngine({
    bus,
    rules,
    alerts,
    store,
    recoveryStore,
    history,
    oldestEventTime: () => oldestStoredEventTime(db),
    pending,
    clock,
    logger,
    sweep,
  });
  return { rules, ruleExceptions, alerts, alertTriage, engine };
}
