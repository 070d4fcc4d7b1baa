import type { AlertStatus } from "@vigie/contracts";
import { AppError, errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import { isUniqueViolation } from "../rules/rules.repository.ts";
import { type Alert, toAlert } from "./alert-row.ts";
import type { AlertTriageRepository, TimelineEntry, TriageChange } from "./alert-triage.repository.ts";
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
 * Alert triage: status, notes and assignment of one alert or many, each change committed per alert,
 * recorded on its timeline and in the audit log, and published (`alert.updated`) so every console sees it.
 */
export class AlertTriageService {
  constructor(private readonly deps: AlertTriageDeps) {}

  /** The active users an alert may be assigned to. */
  assignees() {
    return this.deps.triage.assignees();
  }

  /** Applies a change to one alert; 404 unknown, 409 reopening beside an open duplicate, 422 unknown assignee. */
  async apply(id: string, request: TriageRequest, origin: ChangeOrigin, bulk = false): Promise<Alert> {
    const change = await this.#resolve(request);
    return (await this.#applyResolved(id, change, origin, bulk)).alert;
  }

  /** Applies one change to many alerts, each on its own: a failure on one never stops the others. */
  async bulk(ids: readonly string[], request: TriageRequest, origin: ChangeOrigin): Promise<BulkResult[]> {
    const change = await this.#resolve(request);
    const results: BulkResult[] = [];
    for (const id of new Set(ids)) {
      try {
        const { alert, changed } = await this.#applyResolved(id, change, origin, true);
        results.push({ id, outcome: changed ? "updated" : "unchanged", alert });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({
          id,
          outcome: "failed",
          status_code: error.status,
          error: error.errorName,
          message: error.message,
        });
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

  async #applyResolved(id: string, change: TriageChange, origin: ChangeOrigin, bulk: boolean) {
    const at = this.deps.clock.now();
    let outcome: Awaited<ReturnType<AlertTriageRepository["triage"]>>;
    try {
      outcome = await inTransaction(this.deps.db, (client) =>
        this.deps.triage.triage(client, id, change, { actor: origin.actor, at }),
      );
    } catch (error) {
      if (!isUniqueViolation(error, "alerts_open_group_key")) throw error;
      throw errors.conflict("This rule already has an open alert for the same group");
    }
    if (!outcome) throw errors.notFound("Alert");
    const alert = toAlert(outcome.row);
    if (!outcome.entries.length) return { alert, changed: false };
    await this.deps.bus.publish("alert.updated", { alert });
    for (const entry of outcome.entries) {
      const { action, details } = (AUDITED[entry.kind] as (e: TimelineEntry) => AuditShape)(entry);
      await this.deps.audit.record({
        ...origin,
        action,
        target_type: "alert",
        target_id: alert.id,
        details: bulk ? { ...details, bulk: true } : details,
      });
    }
    return { alert, changed: true };
  }
}
