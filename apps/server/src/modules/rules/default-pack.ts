import { DEFAULT_RULES } from "../../detection/default-rules.ts";
import type { Database } from "../../platform/db/database.ts";
import { RulesRepository } from "./rules.repository.ts";
import { parseRule } from "./rules.service.ts";

/**
 * Stores the default rule pack (enabled, editable like any rule) when there are no rules yet: the first
 * start of an empty database. Returns how many rules were added.
 */
export async function seedDefaultRules(db: Database): Promise<number> {
  const { rows } = await db.pool.query<{ present: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM rules) AS present",
  );
  if (rows[0]?.present) return 0;
  const repository = new RulesRepository(db);
  for (const rule of DEFAULT_RULES) await repository.insert(parseRule(rule));
  return DEFAULT_RULES.length;
}
