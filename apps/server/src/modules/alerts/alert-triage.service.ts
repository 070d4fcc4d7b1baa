import type { AlertStatus } from "@vigie/contracts";
import { type AppError, errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import { isUniqueViolation } from "../rules/rules.repository.ts";
import { type Alert, toAlert } from "./alert-row.ts";
import type {
  AlertTriageRepository,
  TimelineEntry,
  TriageChange,
  TriageOutcome,
} from "./alert-triage.repository.ts";
import { inTransaction } from "./transaction.ts";

/** A triage request as the API takes it: the assignee by user id (null unassigns). */
export interface TriageRequest {
  status?: AlertStatus;
  notes?: string;
  assignee_id?: string | null;
}

/** What happened to one alert of a bulk request. */
export type BulkResult =
  | { id: string; outcome: "updated" | "unchanged"; alert: Alert }
  | { id: string; outcome: "failed"; status_code: number; error: string; message: string };

/** What the triage service works with. */
export interface AlertTriageDeps {
  db: Database;
  triage: AlertTriageRepository;
  bus: Bus;
  clock: Clock;
  audit: AuditSink;
}

/** How each timeline entry is written to the audit log. */
const AUDITED: { [K in TimelineEntry["kind"]]: (e: Extract<TimelineEntry, { kind: K }>) => AuditShape } = {
  status: (e) => ({
    action: "alert.status_changed",
    details: { status: e.to, from: e.from, ...(e.notes ? { notes: e.notes } : {}) },
  }),
  note: (e) => ({ action: "alert.note_added", details: { notes: e.notes } }),
  assignment: (e) => ({ action: "alert.assigned", details: { assignee: e.to, previous: e.from } }),
};
type AuditShape = { action: string; details: Record<string, unknown> };

/** At most this many alerts per bulk request. */
export const MAX_BULK_ALERTS = 500;
/**
 * Alerts changed per transaction: one commit for many, no lock held for long, and fewer subtransactions
 * (a savepoint each) than PostgreSQL caches per backend (64), so other sessions' snapshots stay cheap.
 */
const CHUNK = 50;

/** One alert's fate inside a triage transaction. */
type Step = { id: string; outcome: TriageOutcome } | { id: string; error: AppError };

/**
 * Alert triage: status, notes and assignment of one alert or many, each alert changed on its own (a savepoint
 * each, so one refusal never undoes the others), recorded on its timeline and in the audit log, and published
 * (`alert.updated`) after the commit so every console sees it.
 */
export class AlertTriageService {
  constructor(private readonly deps: AlertTriageDeps) {}

  /** The active users an alert may be assigned to. */
  assignees() {
    return this.deps.triage.assignees();
  }

  /** Applies a change to one alert; 404 unknown, 409 reopening beside an open duplicate, 422 unknown assignee. */
  async apply(id: string, request: TriageRequest, origin: ChangeOrigin): Promise<Alert> {
    const [step] = await this.#run([id], await this.#resolve(request), origin, false);
    if (!step || "error" in step) throw step?.error ?? errors.notFound("Alert");
    return toAlert(step.outcome.row);
  }

  /** Applies one change to many alerts, each on its own: a failure on one never stops the others. */
  async bulk(ids: readonly string[], request: TriageRequest, origin: ChangeOrigin): Promise<BulkResult[]> {
    const change = await this.#resolve(request);
    const unique = [...new Set(ids)];
    const results: BulkResult[] = [];
    for (let start = 0; start < unique.length; start += CHUNK) {
      for (const step of await this.#run(unique.slice(start, start + CHUNK), change, origin, true)) {
        if ("error" in step) {
          const { status, errorName, message } = step.error;
          results.push({ id: step.id, outcome: "failed", status_code: status, error: errorName, message });
        } else {
          const outcome = step.outcome.entries.length ? "updated" : "unchanged";
          results.push({ id: step.id, outcome, alert: toAlert(step.outcome.row) });
        }
      }
    }
    return results;
  }

  /** The request with its assignee looked up: an unknown or deactivated user is refused (422). */
  async #resolve({ assignee_id, ...rest }: TriageRequest): Promise<TriageChange> {
    if (assignee_id === undefined) return rest;
    if (assignee_id === null) return { ...rest, assignee: null };
    const [user] = await this.deps.triage.assignees(assignee_id);
    if (!user)
      throw errors.validation("The assignee is not an active user", [
        { field: "assignee_id", message: "Unknown or deactivated user", type: "unknown_user" },
      ]);
    return { ...rest, assignee: user };
  }

  /** Changes `ids` in one transaction, then publishes and audits what changed. */
  async #run(ids: string[], change: TriageChange, origin: ChangeOrigin, bulk: boolean): Promise<Step[]> {
    const who = { actor: origin.actor, at: this.deps.clock.now() };
    const steps = await inTransaction(this.deps.db, async (client) => {
      const done: Step[] = [];
      for (const id of ids) {
        await client.query("SAVEPOINT alert_triage");
        try {
          const outcome = await this.deps.triage.triage(client, id, change, who);
          await client.query("RELEASE SAVEPOINT alert_triage");
          done.push(outcome ? { id, outcome } : { id, error: errors.notFound("Alert") });
        } catch (error) {
          if (!isUniqueViolation(error, "alerts_open_group_key")) throw error;
          await client.query("ROLLBACK TO SAVEPOINT alert_triage");
          done.push({ id, error: errors.conflict("This rule already has an open alert for the same group") });
        }
      }
      return done;
    });
    const changed = steps.flatMap((step) =>
      "outcome" in step && step.outcome.entries.length ? [step.outcome] : [],
    );
    for (const { row } of changed) await this.deps.bus.publish("alert.updated", { alert: toAlert(row) });
    await this.deps.audit.recordMany(
      changed.flatMap(({ row, entries }) =>
        entries.map((entry) => {
          const { action, details } = (AUDITED[entry.kind] as (e: TimelineEntry) => AuditShape)(entry);
          return {
            ...origin,
            action,
            target_type: "alert",
            target_id: row.id,
            details: bulk ? { ...details, bulk: true } : details,
          };
        }),
      ),
    );
    return steps;
  }
}
