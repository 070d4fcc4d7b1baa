import type { CaseDetail, CaseObservable, CaseTask, CaseTimelineEntry } from "@vigie/contracts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isoOf } from "./case-row.ts";

/**
 * The timeline of a case, merged at read time from the tables that hold each kind (ADR 0028): its creation
 * and changes, linked alerts, pinned events and notes, oldest first (ties in a stable kind order).
 */
const TIMELINE = `
  SELECT at, by, kind, ref, text, from_value, to_value, event_time FROM (
    SELECT ch.at, ch.by_name AS by, CASE WHEN ch.field = 'created' THEN 'created' ELSE 'change' END AS kind,
           NULL::text AS ref, CASE WHEN ch.field = 'created' THEN NULL ELSE ch.field END AS text,
           ch.from_value, ch.to_value, NULL::timestamptz AS event_time, 0 AS rank, ch.id::text AS tie
      FROM case_changes ch WHERE ch.case_id = $1
    UNION ALL
    SELECT ca.added_at, ca.added_by, 'alert', a.id::text, a.title, NULL, a.severity, NULL, 1, a.id::text
      FROM case_alerts ca JOIN alerts a ON a.id = ca.alert_id WHERE ca.case_id = $1
    UNION ALL
    SELECT ce.pinned_at, ce.pinned_by, 'event', ce.event_id::text,
           (SELECT coalesce(e.message, e.event_type) FROM events e
             WHERE e.id = ce.event_id AND e."timestamp" = ce.event_timestamp),
           NULL, NULL, ce.event_timestamp, 2, ce.event_id::text
      FROM case_events ce WHERE ce.case_id = $1
    UNION ALL
    SELECT n.created_at, n.author, 'note', n.id::text, n.body, NULL, NULL, NULL, 3, n.id::text
      FROM case_notes n WHERE n.case_id = $1
  ) AS merged
  ORDER BY at, rank, tie
  LIMIT 2000`;

interface TimelineRow {
  at: Date;
  by: string | null;
  kind: CaseTimelineEntry["kind"];
  ref: string | null;
  text: string | null;
  from_value: string | null;
  to_value: string | null;
  event_time: Date | null;
}

/** Reads everything hanging on a case, for its page and its report. */
export class CaseDetailRepository {
  /** The parts of a case's detail beyond its own row. */
  async parts(
    executor: SqlExecutor,
    caseId: string,
  ): Promise<Omit<CaseDetail, keyof import("@vigie/contracts").CaseSummary>> {
    const [alerts, events, tasks, observables, timeline] = await Promise.all([
      executor.query(
        `SELECT a.id, a.title, a.severity, a.status, a.site_id, a.last_seen FROM case_alerts ca
         JOIN alerts a ON a.id = ca.alert_id WHERE ca.case_id = $1 ORDER BY a.last_seen DESC, a.id`,
        [caseId],
      ),
      executor.query(
        `SELECT ce.event_id AS id, ce.event_timestamp AS "timestamp", e.message, e.site_id, e.hostname
         FROM case_events ce
         LEFT JOIN events e ON e.id = ce.event_id AND e."timestamp" = ce.event_timestamp
         WHERE ce.case_id = $1 ORDER BY ce.event_timestamp, ce.event_id`,
        [caseId],
      ),
      executor.query(
        "SELECT id, title, position, done, done_by, done_at FROM case_tasks WHERE case_id = $1 ORDER BY position",
        [caseId],
      ),
      executor.query(
        `SELECT id, kind, value, alert_id, event_id, added_by, created_at FROM case_observables
         WHERE case_id = $1 ORDER BY kind, value`,
        [caseId],
      ),
      executor.query(TIMELINE, [caseId]),
    ]);
    return {
      alerts: (alerts.rows as (CaseDetail["alerts"][number] & { last_seen: Date })[]).map((a) => ({
        ...a,
        last_seen: isoOf(a.last_seen)!,
      })),
      events: (events.rows as (CaseDetail["events"][number] & { timestamp: Date })[]).map((e) => ({
        ...e,
        timestamp: isoOf(e.timestamp)!,
      })),
      tasks: (tasks.rows as (CaseTask & { done_at: Date | null })[]).map((t) => ({
        ...t,
        done_at: isoOf(t.done_at),
      })),
      observables: (observables.rows as (CaseObservable & { created_at: Date })[]).map((o) => ({
        ...o,
        created_at: isoOf(o.created_at)!,
      })),
      timeline: (timeline.rows as TimelineRow[]).map((row) => ({
        at: isoOf(row.at)!,
        by: row.by,
        kind: row.kind,
        ref: row.ref,
        text: row.text,
        from: row.from_value,
        to: row.to_value,
        event_time: isoOf(row.event_time),
      })),
    };
  }
}
