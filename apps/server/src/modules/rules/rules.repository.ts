import type { Rule, RuleCreate, SigmaOriginRecord } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import { toPgJson } from "../../platform/db/pg-json.ts";
import { newId } from "../../platform/ids.ts";
import type { SqlExecutor } from "../../platform/jobs/job-queue.ts";
import { isUuid } from "../users/users.repository.ts";

const COLUMNS = `id, name, description, rule_type, conditions, severity, enabled, mitre_tactic, mitre_technique,
  mitre_tactics, mitre_techniques, cooldown_seconds, actions, sigma, trigger_count, last_triggered, last_error,
  created_at, updated_at,
  (SELECT count(*)::int FROM rule_exceptions WHERE rule_exceptions.rule_id = rules.id) AS exception_count`;

interface RuleRow extends Omit<Rule, "last_triggered" | "created_at" | "updated_at"> {
  last_triggered: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The API shape of a stored rule row. */
function toRule(row: RuleRow): Rule {
  return {
    ...row,
    last_triggered: row.last_triggered?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  } as Rule;
}

/** The ATT&CK list of a rule, its single field first (the contract's `mitre_tactic` stays the first one). */
const attackList = (first: string | null | undefined, list: string[] | undefined) =>
  first && !list?.includes(first) ? [first, ...(list ?? [])] : (list ?? []);

/** The values of a rule's editable columns, in `EDITABLE` order. */
const editable = (rule: RuleCreate) => {
  const tactics = attackList(rule.mitre_tactic, rule.mitre_tactics);
  const techniques = attackList(rule.mitre_technique, rule.mitre_techniques);
  return [
    rule.name,
    rule.description ?? null,
    rule.rule_type,
    toPgJson(rule.conditions),
    rule.severity,
    rule.enabled,
    rule.mitre_tactic ?? tactics[0] ?? null,
    rule.mitre_technique ?? techniques[0] ?? null,
    rule.cooldown_seconds,
    toPgJson(rule.actions),
    tactics,
    techniques,
  ];
};

/** How many times a rule fired in one commit. */
export interface RuleTriggers {
  rule_id: string;
  count: number;
}

/** Data access for rules; name uniqueness is enforced by the database (case-insensitive). */
export class RulesRepository {
  constructor(private readonly db: Database) {}

  async list(onlyEnabled = false): Promise<Rule[]> {
    const where = onlyEnabled ? "WHERE enabled" : "";
    const { rows } = await this.db.pool.query<RuleRow>(
      `SELECT ${COLUMNS} FROM rules ${where} ORDER BY created_at, id`,
    );
    return rows.map(toRule);
  }

  async get(id: string, executor: SqlExecutor = this.db.pool): Promise<Rule | null> {
    if (!isUuid(id)) return null;
    const { rows } = await executor.query(`SELECT ${COLUMNS} FROM rules WHERE id = $1`, [id]);
    return rows[0] ? toRule(rows[0] as RuleRow) : null;
  }

  /** Inserts a rule; a duplicate name rejects with PostgreSQL's unique violation (23505). */
  async insert(
    rule: RuleCreate,
    executor: SqlExecutor = this.db.pool,
    sigma: SigmaOriginRecord | null = null,
    id = newId(),
  ): Promise<Rule> {
    const { rows } = await executor.query(
      `INSERT INTO rules (id, name, description, rule_type, conditions, severity, enabled, mitre_tactic,
         mitre_technique, cooldown_seconds, actions, mitre_tactics, mitre_techniques, sigma)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14::jsonb) RETURNING ${COLUMNS}`,
      [id, ...editable(rule), sigma && toPgJson(sigma)],
    );
    return toRule(rows[0] as RuleRow);
  }

  /** Replaces a rule's editable fields; an enabled rule loses the error that disabled it. */
  async replace(
    id: string,
    rule: RuleCreate,
    executor: SqlExecutor = this.db.pool,
    sigma?: SigmaOriginRecord,
  ): Promise<Rule | null> {
    if (!isUuid(id)) return null;
    const { rows } = await executor.query(
      `UPDATE rules SET name = $2, description = $3, rule_type = $4, conditions = $5::jsonb, severity = $6,
         enabled = $7, mitre_tactic = $8, mitre_technique = $9, cooldown_seconds = $10, actions = $11::jsonb,
         mitre_tactics = $12, mitre_techniques = $13, sigma = COALESCE($14::jsonb, sigma),
         last_error = CASE WHEN $7 THEN NULL ELSE last_error END, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, ...editable(rule), sigma ? toPgJson(sigma) : null],
    );
    return rows[0] ? toRule(rows[0] as RuleRow) : null;
  }

  /** The rules with these ids (any state); unknown and malformed ids are left out. */
  async getMany(ids: readonly string[], executor: SqlExecutor = this.db.pool): Promise<Rule[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const { rows } = await executor.query(`SELECT ${COLUMNS} FROM rules WHERE id = ANY($1::uuid[])`, [valid]);
    return (rows as RuleRow[]).map(toRule);
  }

  /** The rules whose conditions mention this id (candidates for a reference to it: check their filters). */
  async mentioning(id: string, executor: SqlExecutor = this.db.pool): Promise<Rule[]> {
    if (!isUuid(id)) return [];
    const { rows } = await executor.query(
      `SELECT ${COLUMNS} FROM rules WHERE id::text <> $1::text AND strpos(conditions::text, $1::text) > 0`,
      [id],
    );
    return (rows as RuleRow[]).map(toRule);
  }

  /** The ids of the rules imported from these Sigma ids, by Sigma id. */
  async idsBySigmaId(sigmaIds: string[], executor: SqlExecutor = this.db.pool): Promise<Map<string, string>> {
    if (!sigmaIds.length) return new Map();
    const { rows } = await executor.query(
      "SELECT id, sigma ->> 'id' AS sigma_id FROM rules WHERE sigma ->> 'id' = ANY($1::text[])",
      [sigmaIds],
    );
    return new Map((rows as { id: string; sigma_id: string }[]).map((row) => [row.sigma_id, row.id]));
  }

  /** The enabled rules imported from these Sigma ids (what a narrower pack install disables). */
  async enabledBySigmaId(
    sigmaIds: readonly string[],
    executor: SqlExecutor = this.db.pool,
  ): Promise<{ id: string; name: string; sigma_id: string }[]> {
    if (!sigmaIds.length) return [];
    const { rows } = await executor.query(
      `SELECT id, name, sigma ->> 'id' AS sigma_id FROM rules
       WHERE enabled AND sigma ->> 'id' = ANY($1::text[]) ORDER BY name`,
      [sigmaIds],
    );
    return rows as { id: string; name: string; sigma_id: string }[];
  }

  /** How many rules were imported from these Sigma ids, and how many of them are enabled. */
  async countBySigmaId(sigmaIds: readonly string[]): Promise<{ installed: number; enabled: number }> {
    if (!sigmaIds.length) return { installed: 0, enabled: 0 };
    const { rows } = await this.db.pool.query(
      `SELECT count(*)::int AS installed, (count(*) FILTER (WHERE enabled))::int AS enabled
       FROM rules WHERE sigma ->> 'id' = ANY($1::text[])`,
      [sigmaIds],
    );
    return rows[0] as { installed: number; enabled: number };
  }

  /** Rules imported from Sigma whose Sigma id or Sigma name is one of `references`. */
  async bySigmaReference(references: string[], executor: SqlExecutor = this.db.pool): Promise<Rule[]> {
    if (!references.length) return [];
    const { rows } = await executor.query(
      `SELECT ${COLUMNS} FROM rules WHERE sigma ->> 'id' = ANY($1::text[]) OR sigma ->> 'name' = ANY($1::text[])
       ORDER BY created_at, id`,
      [references],
    );
    return (rows as RuleRow[]).map(toRule);
  }

  /** Disables rules (a correlation with Sigma `generate: false` now feeds them). */
  async disable(ids: string[], executor: SqlExecutor = this.db.pool): Promise<void> {
    if (!ids.length) return;
    await executor.query("UPDATE rules SET enabled = false, updated_at = now() WHERE id = ANY($1::uuid[])", [
      ids,
    ]);
  }

  async delete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const { rowCount } = await this.db.pool.query("DELETE FROM rules WHERE id = $1", [id]);
    return (rowCount ?? 0) > 0;
  }

  /** Disables a rule the engine could not evaluate and keeps the reason; false when already disabled. */
  async disableWithError(id: string, error: string): Promise<boolean> {
    const { rowCount } = await this.db.pool.query(
      "UPDATE rules SET enabled = false, last_error = $2, updated_at = now() WHERE id = $1 AND enabled",
      [id, error.slice(0, 2000)],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Adds firings to `trigger_count` and sets `last_triggered`, inside the caller's transaction. */
  async recordTriggers(executor: SqlExecutor, triggers: RuleTriggers[], at: Date): Promise<void> {
    if (!triggers.length) return;
    await executor.query(
      `UPDATE rules SET trigger_count = trigger_count + t.count, last_triggered = $3
       FROM unnest($1::uuid[], $2::int[]) AS t(id, count) WHERE rules.id = t.id`,
      [triggers.map((t) => t.rule_id), triggers.map((t) => t.count), at],
    );
  }
}

/** True for PostgreSQL's unique violation of the given index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = error as { code?: string; constraint?: string; message?: string } | null;
  return (
    pgError?.code === "23505" &&
    (pgError.constraint === constraint || !!pgError.message?.includes(constraint))
  );
}
