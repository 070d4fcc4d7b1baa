import type { Database } from "../../platform/db/database.ts";
import { type AlertFilter, alertWhere } from "../alerts/alert-filter.ts";
import type { TaggedRule } from "./coverage.ts";

/** Reads the rules tagged with ATT&CK techniques and their alerts in a period: one statement. */
export class AttackRepository {
  constructor(private readonly db: Database) {}

  /**
   * Every rule naming at least one technique, with the count of its alerts whose activity overlaps the
   * period (the alert list's own window filter), by name.
   */
  async taggedRules(period: Pick<AlertFilter, "from" | "to">): Promise<TaggedRule[]> {
    const params: unknown[] = [];
    const where = alertWhere(period, params);
    const { rows } = await this.db.reads.query<TaggedRule>(
      `WITH period_alerts AS (
         SELECT alerts.rule_id, count(*)::int AS alerts FROM alerts ${where} GROUP BY alerts.rule_id)
       SELECT rules.id, rules.name, rules.severity, rules.enabled, rules.mitre_techniques,
              COALESCE(period_alerts.alerts, 0) AS alerts
         FROM rules LEFT JOIN period_alerts ON period_alerts.rule_id = rules.id
        WHERE cardinality(rules.mitre_techniques) > 0
        ORDER BY lower(rules.name)`,
      params,
    );
    return rows;
  }
}
