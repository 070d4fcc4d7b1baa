import type { CaseSummary } from "@vigie/contracts";

/**
 * Columns of a case in API order (table alias `c`), with the assignee's current username and the counts a
 * list shows.
 */
export const CASE_COLUMNS = `c.id, c.number, 'CASE-' || c.number AS reference, c.title, c.description, c.severity,
  c.status, c.assignee_id, (SELECT username FROM users u WHERE u.id = c.assignee_id) AS assignee,
  c.closing_reason, c.created_by, c.created_at, c.updated_at, c.closed_at,
  (SELECT count(*)::int FROM case_alerts ca WHERE ca.case_id = c.id) AS alert_count,
  (SELECT count(*)::int FROM case_tasks ct WHERE ct.case_id = c.id AND NOT ct.done) AS open_task_count,
  (SELECT count(*)::int FROM case_tasks ct WHERE ct.case_id = c.id) AS task_count`;

/** A case row as PostgreSQL returns it. */
export type CaseRow = Omit<CaseSummary, "created_at" | "updated_at" | "closed_at"> & {
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
};

/** The API shape of a case row. */
export function toCase(row: CaseRow): CaseSummary {
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    closed_at: row.closed_at?.toISOString() ?? null,
  };
}

/** A timestamp column read as ISO 8601 text. */
export const isoOf = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
