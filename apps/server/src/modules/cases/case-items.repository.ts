import type { CaseObservable, CaseTask, ObservableKind, Severity } from "@vigie/contracts";
import { newId } from "../../platform/ids.ts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";
import { isoOf } from "./case-row.ts";
import type { Actor } from "./cases.repository.ts";

/** What a case needs to know of an alert it takes in. */
export interface LinkedAlert {
  id: string;
  title: string;
  severity: Severity;
  entities: string[];
  matched_event_ids: string[];
}

/** An observable to add, and where it came from. */
export interface NewObservable {
  kind: ObservableKind;
  value: string;
  alert_id?: string | null;
  event_id?: string | null;
}

const OBSERVABLE_COLUMNS = "id, kind, value, alert_id, event_id, added_by, created_at";
const TASK_COLUMNS = "id, title, position, done, done_by, done_at";

const toObservable = (row: CaseObservable & { created_at: Date }): CaseObservable => ({
  ...row,
  created_at: isoOf(row.created_at)!,
});
const toTask = (row: CaseTask & { done_at: Date | null }): CaseTask => ({
  ...row,
  done_at: isoOf(row.done_at),
});

/** Data access for what hangs on a case: linked alerts, pinned events, notes, tasks, observables. */
export class CaseItemsRepository {
  /** The alerts among `ids` that exist, in the order given. */
  async alerts(executor: SqlExecutor, ids: readonly string[]): Promise<LinkedAlert[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const { rows } = await executor.query(
      `SELECT id, title, severity, entities, matched_event_ids FROM alerts WHERE id = ANY($1::uuid[])`,
      [valid],
    );
    const byId = new Map((rows as LinkedAlert[]).map((row) => [row.id, row]));
    return valid.flatMap((id) => byId.get(id) ?? []);
  }

  /** Links alerts to a case; returns the ids newly linked (already linked ones are left alone). */
  async linkAlerts(executor: SqlExecutor, caseId: string, ids: string[], by: Actor): Promise<string[]> {
    const { rows } = await executor.query(
      `INSERT INTO case_alerts (case_id, alert_id, added_by, added_at)
       SELECT $1, unnest($2::uuid[]), $3, $4 ON CONFLICT DO NOTHING RETURNING alert_id`,
      [caseId, ids, by.username, by.at],
    );
    return (rows as { alert_id: string }[]).map((row) => row.alert_id);
  }

  /** Unlinks one alert; false when it was not linked. */
  async unlinkAlert(executor: SqlExecutor, caseId: string, alertId: string): Promise<boolean> {
    if (!isUuid(alertId)) return false;
    const { rows } = await executor.query(
      "DELETE FROM case_alerts WHERE case_id = $1 AND alert_id = $2 RETURNING alert_id",
      [caseId, alertId],
    );
    return rows.length > 0;
  }

  /** The stored events among `ids` with their time (looked up across the daily partitions). */
  async events(executor: SqlExecutor, ids: readonly string[]): Promise<{ id: string; timestamp: Date }[]> {
    const { rows } = await executor.query(`SELECT id, "timestamp" FROM events WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    return rows as { id: string; timestamp: Date }[];
  }

  /** Pins events to a case; returns the ids newly pinned. */
  async pinEvents(
    executor: SqlExecutor,
    caseId: string,
    events: { id: string; timestamp: Date }[],
    by: Actor,
  ): Promise<string[]> {
    const { rows } = await executor.query(
      `INSERT INTO case_events (case_id, event_id, event_timestamp, pinned_by, pinned_at)
       SELECT $1, e.id, e.ts, $4, $5 FROM unnest($2::uuid[], $3::timestamptz[]) AS e(id, ts)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [caseId, events.map((e) => e.id), events.map((e) => e.timestamp), by.username, by.at],
    );
    return (rows as { event_id: string }[]).map((row) => row.event_id);
  }

  /** Unpins one event; false when it was not pinned. */
  async unpinEvent(executor: SqlExecutor, caseId: string, eventId: string): Promise<boolean> {
    if (!isUuid(eventId)) return false;
    const { rows } = await executor.query(
      "DELETE FROM case_events WHERE case_id = $1 AND event_id = $2 RETURNING event_id",
      [caseId, eventId],
    );
    return rows.length > 0;
  }

  /** Adds a note; returns its id. */
  async addNote(executor: SqlExecutor, caseId: string, body: string, by: Actor): Promise<string> {
    const id = newId();
    await executor.query(
      "INSERT INTO case_notes (id, case_id, author_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      [id, caseId, by.id, by.username, body, by.at],
    );
    return id;
  }

  /** Adds a task at the end of the checklist. */
  async addTask(executor: SqlExecutor, caseId: string, title: string, at: Date): Promise<CaseTask> {
    const { rows } = await executor.query(
      `INSERT INTO case_tasks (id, case_id, title, position, created_at)
       VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM case_tasks WHERE case_id = $2), $4)
       RETURNING ${TASK_COLUMNS}`,
      [newId(), caseId, title, at],
    );
    return toTask(rows[0] as CaseTask & { done_at: Date | null });
  }

  /** Ticks or unticks a task; null when the case has no such task. */
  async setTaskDone(
    executor: SqlExecutor,
    caseId: string,
    taskId: string,
    done: boolean,
    by: Actor,
  ): Promise<{ task: CaseTask; changed: boolean } | null> {
    if (!isUuid(taskId)) return null;
    const { rows } = await executor.query(
      `UPDATE case_tasks t SET done = $3,
         done_by = CASE WHEN $3 THEN $4 END, done_at = CASE WHEN $3 THEN $5::timestamptz END
       FROM (SELECT done AS was FROM case_tasks WHERE case_id = $1 AND id = $2 FOR UPDATE) AS old
       WHERE t.case_id = $1 AND t.id = $2 RETURNING ${TASK_COLUMNS.replace(/(\w+)/g, "t.$1")}, old.was`,
      [caseId, taskId, done, by.username, by.at],
    );
    const row = rows[0] as (CaseTask & { done_at: Date | null; was: boolean }) | undefined;
    if (!row) return null;
    const { was, ...task } = row;
    return { task: toTask(task), changed: was !== done };
  }

  /** Deletes a task; its title, or null when the case has no such task. */
  async deleteTask(executor: SqlExecutor, caseId: string, taskId: string): Promise<string | null> {
    if (!isUuid(taskId)) return null;
    const { rows } = await executor.query(
      "DELETE FROM case_tasks WHERE case_id = $1 AND id = $2 RETURNING title",
      [caseId, taskId],
    );
    return (rows[0] as { title: string } | undefined)?.title ?? null;
  }

  /** Adds observables a case does not hold yet (same kind and value); returns those added. */
  async addObservables(
    executor: SqlExecutor,
    caseId: string,
    observables: NewObservable[],
    by: Actor,
  ): Promise<CaseObservable[]> {
    if (!observables.length) return [];
    const { rows } = await executor.query(
      `INSERT INTO case_observables (id, case_id, kind, value, alert_id, event_id, added_by, created_at)
       SELECT o.id, $1, o.kind, o.value, o.alert_id, o.event_id, $6, $7
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::jsonb[]) AS o0(id, kind, value, src),
         LATERAL (SELECT o0.id, o0.kind, o0.value, (o0.src->>'alert_id')::uuid AS alert_id,
                         (o0.src->>'event_id')::uuid AS event_id) AS o
       ON CONFLICT (case_id, kind, value) DO NOTHING RETURNING ${OBSERVABLE_COLUMNS}`,
      [
        caseId,
        observables.map(() => newId()),
        observables.map((o) => o.kind),
        observables.map((o) => o.value),
        observables.map((o) =>
          JSON.stringify({ alert_id: o.alert_id ?? null, event_id: o.event_id ?? null }),
        ),
        by.username,
        by.at,
      ],
    );
    return (rows as (CaseObservable & { created_at: Date })[]).map(toObservable);
  }

  /** Deletes an observable; it, or null when the case has no such observable. */
  async deleteObservable(executor: SqlExecutor, caseId: string, id: string): Promise<CaseObservable | null> {
    if (!isUuid(id)) return null;
    const { rows } = await executor.query(
      `DELETE FROM case_observables WHERE case_id = $1 AND id = $2 RETURNING ${OBSERVABLE_COLUMNS}`,
      [caseId, id],
    );
    const row = rows[0] as (CaseObservable & { created_at: Date }) | undefined;
    return row ? toObservable(row) : null;
  }
}
