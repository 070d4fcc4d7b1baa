import type { CaseClosingReason, CaseStatus, Severity } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";
import { CASE_COLUMNS, type CaseRow, toCase } from "./case-row.ts";

/** Filters of the case list (docs/CASES.md). */
export interface CaseFilter {
  status?: CaseStatus[];
  severity?: Severity[];
  /** A user id, or unassigned. */
  assignee?: { id: string } | "unassigned";
  /** Words, each found in the title, the description or the reference. */
  q?: string;
  /** Only the cases holding this alert. */
  alert_id?: string;
}

/** The stored fields of a case a change may set. */
export interface CaseFields {
  title?: string;
  description?: string;
  severity?: Severity;
  status?: CaseStatus;
  assignee_id?: string | null;
  closing_reason?: CaseClosingReason | null;
  closed_at?: Date | null;
}

/** Who acts, and when. */
export interface Actor {
  id: string | null;
  username: string | null;
  at: Date;
}

/** `%`, `_` and `\` matched as themselves in an ILIKE pattern. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereOf(filter: CaseFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (value: unknown) => `$${params.push(value)}`;
  if (filter.status?.length) clauses.push(`c.status = ANY(${add(filter.status)}::text[])`);
  if (filter.severity?.length) clauses.push(`c.severity = ANY(${add(filter.severity)}::text[])`);
  if (filter.assignee === "unassigned") clauses.push("c.assignee_id IS NULL");
  else if (filter.assignee) clauses.push(`c.assignee_id = ${add(filter.assignee.id)}`);
  if (filter.alert_id)
    clauses.push(
      `EXISTS (SELECT 1 FROM case_alerts x WHERE x.case_id = c.id AND x.alert_id = ${add(filter.alert_id)})`,
    );
  for (const word of (filter.q ?? "").split(/\s+/).filter(Boolean).slice(0, 10)) {
    const p = add(`%${escapeLike(word)}%`);
    clauses.push(`(c.title ILIKE ${p} OR c.description ILIKE ${p} OR 'CASE-' || c.number ILIKE ${p})`);
  }
  return clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
}

/** Data access for the `cases` table itself; what hangs on a case is in `case-items.repository.ts`. */
export class CasesRepository {
  constructor(private readonly db: Database) {}

  /** One page of cases, most recently changed first, and how many match. */
  async list(filter: CaseFilter, page: { offset: number; limit: number }) {
    const params: unknown[] = [];
    const where = whereOf(filter, params);
    const [{ rows }, count] = await Promise.all([
      this.db.reads.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases c ${where}
         ORDER BY c.updated_at DESC, c.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
        params,
      ),
      this.db.reads.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases c ${where}`, params),
    ]);
    return { items: rows.map(toCase), total: count.rows[0]?.n ?? 0 };
  }

  /** One case, locked for a change when `forUpdate`; null when unknown. */
  async get(executor: SqlExecutor, id: string, forUpdate = false): Promise<CaseRow | null> {
    if (!isUuid(id)) return null;
    const { rows } = await executor.query(
      `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 ${forUpdate ? "FOR UPDATE OF c" : ""}`,
      [id],
    );
    return (rows[0] as CaseRow | undefined) ?? null;
  }

  /** Stores a new case and its "created" change; returns its id. */
  async insert(
    executor: SqlExecutor,
    id: string,
    fields: Required<Pick<CaseFields, "title" | "severity">> & CaseFields,
    by: Actor,
  ): Promise<void> {
    await executor.query(
      `INSERT INTO cases (id, title, description, severity, assignee_id, created_by_id, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [
        id,
        fields.title,
        fields.description ?? "",
        fields.severity,
        fields.assignee_id ?? null,
        by.id,
        by.username,
        by.at,
      ],
    );
    await this.recordChange(executor, id, "created", null, null, by);
  }

  /** Writes the given fields and stamps `updated_at`. */
  async update(executor: SqlExecutor, id: string, fields: CaseFields, at: Date): Promise<void> {
    const params: unknown[] = [id, at];
    const sets = Object.entries(fields).map(([column, value]) => `${column} = $${params.push(value)}`);
    await executor.query(`UPDATE cases SET ${["updated_at = $2", ...sets].join(", ")} WHERE id = $1`, params);
  }

  /** Stamps `updated_at` after something hanging on the case changed. */
  async touch(executor: SqlExecutor, id: string, at: Date): Promise<void> {
    await executor.query("UPDATE cases SET updated_at = $2 WHERE id = $1", [id, at]);
  }

  /** One entry of the case's own changes (the timeline's status, severity, assignee… moves). */
  async recordChange(
    executor: SqlExecutor,
    id: string,
    field: string,
    from: string | null,
    to: string | null,
    by: Actor,
  ): Promise<void> {
    await executor.query(
      "INSERT INTO case_changes (case_id, field, from_value, to_value, by_name, at) VALUES ($1, $2, $3, $4, $5, $6)",
      [id, field, from, to, by.username, by.at],
    );
  }

  /** The active user with this id, or null. */
  async activeUser(executor: SqlExecutor, id: string): Promise<{ id: string; username: string } | null> {
    const { rows } = await executor.query("SELECT id, username FROM users WHERE is_active AND id = $1", [id]);
    return (rows[0] as { id: string; username: string } | undefined) ?? null;
  }
}
