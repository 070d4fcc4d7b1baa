import type { AlertStatus } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import { newId } from "../../platform/ids.ts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";
import { ALERT_COLUMNS, type AlertRow } from "./alert-row.ts";

/** A user an alert can be given to. */
export interface Assignee {
  id: string;
  username: string;
}

/** What one triage request changes on an alert; absent parts are left alone (`assignee: null` unassigns). */
export interface TriageChange {
  status?: AlertStatus;
  notes?: string;
  assignee?: Assignee | null;
}

/** Who triages, and when. */
export interface TriageActor {
  actor: { id?: string | null; username: string | null } | null;
  at: Date;
}

/** One entry of an alert's timeline. */
export type TimelineEntry =
  | { kind: "status"; from: AlertStatus; to: AlertStatus; notes: string | null }
  | { kind: "note"; notes: string }
  | { kind: "assignment"; from: string | null; to: string | null };

/** The alert after a triage and what was recorded on its timeline (nothing when the change changed nothing). */
export interface TriageOutcome {
  row: AlertRow;
  entries: TimelineEntry[];
}

/** What the timeline of one alert returns, oldest first. */
export interface TimelineRow {
  at: string;
  by: string | null;
  kind: TimelineEntry["kind"];
  from: string | null;
  to: string | null;
  notes: string | null;
  assignee: string | null;
}

/** The entries a change makes against the alert as it was: a status move (with its note), a lone note, an assignment. */
function entriesOf(
  previous: { status: AlertStatus; assignee_id: string | null; assignee: string | null },
  change: TriageChange,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const notes = change.notes ?? null;
  if (change.status !== undefined && change.status !== previous.status)
    entries.push({ kind: "status", from: previous.status, to: change.status, notes });
  else if (notes) entries.push({ kind: "note", notes });
  if (change.assignee !== undefined && (change.assignee?.id ?? null) !== previous.assignee_id)
    entries.push({ kind: "assignment", from: previous.assignee, to: change.assignee?.username ?? null });
  return entries;
}

/** Triage of alerts (status, notes, assignment) and their timeline. */
export class AlertTriageRepository {
  constructor(private readonly db: Database) {}

  /**
   * Applies a change to one alert, locked, and records each part on its timeline: acknowledging stamps
   * `acknowledged_by/at`, closing stamps `resolved_at`, reopening clears it. A part that changes nothing (the
   * same status, the same assignee) records nothing. Null when the alert is unknown.
   */
  async triage(
    executor: SqlExecutor,
    id: string,
    change: TriageChange,
    who: TriageActor,
  ): Promise<TriageOutcome | null> {
    if (!isUuid(id)) return null;
    const { rows: locked } = await executor.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE alerts.id = $1 FOR UPDATE OF alerts`,
      [id],
    );
    const previous = locked[0] as AlertRow | undefined;
    if (!previous) return null;
    const entries = entriesOf(previous, change);
    if (!entries.length) return { row: previous, entries };
    const status = entries.find((e) => e.kind === "status")?.to ?? null;
    const assignment = entries.find((e) => e.kind === "assignment");
    const { rows } = await executor.query(
      `UPDATE alerts SET updated_at = $2, notes = COALESCE($4, notes),
         status = COALESCE($3, status),
         acknowledged_by = CASE WHEN $3 = 'acknowledged' THEN $5 ELSE acknowledged_by END,
         acknowledged_at = CASE WHEN $3 = 'acknowledged' THEN $2 ELSE acknowledged_at END,
         resolved_at = CASE WHEN $3 IN ('resolved', 'false_positive') THEN $2
                            WHEN $3 IN ('new', 'acknowledged', 'investigating') THEN NULL ELSE resolved_at END,
         assignee_id = CASE WHEN $6 THEN $7::uuid ELSE assignee_id END,
         assigned_at = CASE WHEN $6 THEN (CASE WHEN $7::uuid IS NULL THEN NULL ELSE $2 END) ELSE assigned_at END
       WHERE alerts.id = $1 RETURNING ${ALERT_COLUMNS}`,
      [
        id,
        who.at,
        status,
        change.notes ?? null,
        who.actor?.username ?? null,
        Boolean(assignment),
        change.assignee?.id ?? null,
      ],
    );
    await this.#record(executor, id, entries, who);
    return { row: rows[0] as AlertRow, entries };
  }

  async #record(executor: SqlExecutor, alertId: string, entries: TimelineEntry[], who: TriageActor) {
    const params: unknown[] = [alertId, who.at, who.actor?.id ?? null, who.actor?.username ?? null];
    const values = entries.map((entry) => {
      const row = [
        newId(),
        entry.kind,
        entry.kind === "status" ? entry.from : null,
        entry.kind === "status" ? entry.to : null,
        entry.kind === "assignment" ? null : entry.notes,
        entry.kind === "assignment" ? entry.to : null,
      ];
      const at = row.map((value) => `$${params.push(value)}`);
      return `(${at[0]}, $1, $2, $3, $4, ${at.slice(1).join(", ")})`;
    });
    await executor.query(
      `INSERT INTO alert_history (id, alert_id, at, actor_id, actor, kind, from_status, to_status, notes, assignee)
       VALUES ${values.join(", ")}`,
      params,
    );
  }

  /** The timeline of an alert (status changes, notes, assignments), oldest first. */
  async timeline(alertId: string): Promise<TimelineRow[]> {
    const { rows } = await this.db.pool.query<Omit<TimelineRow, "at"> & { at: Date }>(
      `SELECT at, actor AS by, kind, from_status AS "from", to_status AS "to", notes, assignee
       FROM alert_history WHERE alert_id = $1 ORDER BY at, id`,
      [alertId],
    );
    return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
  }

  /** The active users alerts can be assigned to, by username; or only the one of `id`. */
  async assignees(id?: string): Promise<Assignee[]> {
    if (id !== undefined && !isUuid(id)) return [];
    const { rows } = await this.db.pool.query<Assignee>(
      `SELECT id, username FROM users WHERE is_active ${id ? "AND id = $1" : ""} ORDER BY lower(username)`,
      id ? [id] : [],
    );
    return rows;
  }
}
