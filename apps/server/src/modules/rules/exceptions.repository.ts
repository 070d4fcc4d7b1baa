import type { RuleException } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import { toPgJson } from "../../platform/db/pg-json.ts";
import { newId } from "../../platform/ids.ts";
import { isUuid } from "../users/users.repository.ts";

const COLUMNS = `id, rule_id, condition, reason, author, author_id, from_alert_id, enabled, expires_at,
  created_at, updated_at`;

interface ExceptionRow extends Omit<RuleException, "expires_at" | "created_at" | "updated_at" | "active"> {
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The API shape of a row; `active` as of `now`. */
const toException = (row: ExceptionRow, now: Date): RuleException => ({
  ...row,
  expires_at: row.expires_at?.toISOString() ?? null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
  active: row.enabled && (!row.expires_at || row.expires_at > now),
});

/** What a new exception is stored with. */
export interface NewException {
  rule_id: string;
  condition: unknown;
  reason: string;
  author_id: string | null;
  author: string | null;
  from_alert_id: string | null;
  enabled: boolean;
  expires_at: string | null;
}

/** What an edit may change. */
export type ExceptionChanges = Partial<Pick<NewException, "condition" | "reason" | "enabled" | "expires_at">>;

/** The exceptions that apply at some time, by rule, and the soonest of their expiries. */
export interface ActiveExceptions {
  byRule: ReadonlyMap<string, { condition: unknown }[]>;
  nextExpiry: Date | null;
}

/** Data access for rule exceptions (table `rule_exceptions`); a rule's deletion cascades to them. */
export class RuleExceptionsRepository {
  constructor(private readonly db: Database) {}

  async list(ruleId: string, now: Date): Promise<RuleException[]> {
    if (!isUuid(ruleId)) return [];
    const { rows } = await this.db.pool.query<ExceptionRow>(
      `SELECT ${COLUMNS} FROM rule_exceptions WHERE rule_id = $1 ORDER BY created_at, id`,
      [ruleId],
    );
    return rows.map((row) => toException(row, now));
  }

  async get(ruleId: string, id: string, now: Date): Promise<RuleException | null> {
    if (!isUuid(ruleId) || !isUuid(id)) return null;
    const { rows } = await this.db.pool.query<ExceptionRow>(
      `SELECT ${COLUMNS} FROM rule_exceptions WHERE rule_id = $1 AND id = $2`,
      [ruleId, id],
    );
    return rows[0] ? toException(rows[0], now) : null;
  }

  async insert(exception: NewException, now: Date): Promise<RuleException> {
    const { rows } = await this.db.pool.query<ExceptionRow>(
      `INSERT INTO rule_exceptions (id, rule_id, condition, reason, author_id, author, from_alert_id, enabled,
         expires_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        newId(),
        exception.rule_id,
        toPgJson(exception.condition),
        exception.reason,
        exception.author_id,
        exception.author,
        exception.from_alert_id,
        exception.enabled,
        exception.expires_at,
      ],
    );
    return toException(rows[0]!, now);
  }

  /** Applies the changes given (`expires_at: null` clears the expiry); null when there is no such exception. */
  async update(
    ruleId: string,
    id: string,
    changes: ExceptionChanges,
    now: Date,
  ): Promise<RuleException | null> {
    if (!isUuid(ruleId) || !isUuid(id)) return null;
    const { rows } = await this.db.pool.query<ExceptionRow>(
      `UPDATE rule_exceptions SET
         condition = CASE WHEN $3::boolean THEN $4::jsonb ELSE condition END,
         reason = coalesce($5::text, reason),
         enabled = coalesce($6::boolean, enabled),
         expires_at = CASE WHEN $7::boolean THEN $8::timestamptz ELSE expires_at END,
         updated_at = now()
       WHERE rule_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [
        ruleId,
        id,
        changes.condition !== undefined,
        changes.condition === undefined ? null : toPgJson(changes.condition),
        changes.reason ?? null,
        changes.enabled ?? null,
        changes.expires_at !== undefined,
        changes.expires_at ?? null,
      ],
    );
    return rows[0] ? toException(rows[0], now) : null;
  }

  async delete(ruleId: string, id: string): Promise<boolean> {
    if (!isUuid(ruleId) || !isUuid(id)) return false;
    const { rowCount } = await this.db.pool.query(
      "DELETE FROM rule_exceptions WHERE rule_id = $1 AND id = $2",
      [ruleId, id],
    );
    return (rowCount ?? 0) > 0;
  }

  /** The exceptions enabled and not expired at `now`, by rule (oldest first), with the soonest expiry among them. */
  async active(now: Date): Promise<ActiveExceptions> {
    const { rows } = await this.db.pool.query<{
      rule_id: string;
      condition: unknown;
      expires_at: Date | null;
    }>(
      `SELECT rule_id, condition, expires_at FROM rule_exceptions
       WHERE enabled AND (expires_at IS NULL OR expires_at > $1) ORDER BY created_at, id`,
      [now],
    );
    const byRule = new Map<string, { condition: unknown }[]>();
    let nextExpiry: Date | null = null;
    for (const { rule_id, condition, expires_at } of rows) {
      byRule.set(rule_id, [...(byRule.get(rule_id) ?? []), { condition }]);
      if (expires_at && (!nextExpiry || expires_at < nextExpiry)) nextExpiry = expires_at;
    }
    return { byRule, nextExpiry };
  }
}
