import type { PlaceholderValues } from "../../detection/conditions/placeholders.ts";
import type { Database } from "../../platform/db/database.ts";
import { toPgJson } from "../../platform/db/pg-json.ts";

/** A placeholder as the API shows it. */
export interface Placeholder {
  name: string;
  values: string[];
  updated_at: string;
}

/** The value lists `expand` placeholders stand for (table `rule_placeholders`). */
export class PlaceholdersRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<Placeholder[]> {
    const { rows } = await this.db.pool.query<{ name: string; values: string[]; updated_at: Date }>(
      `SELECT name, "values", updated_at FROM rule_placeholders ORDER BY name`,
    );
    return rows.map((row) => ({ ...row, updated_at: row.updated_at.toISOString() }));
  }

  /** Name → values, as rules are expanded with them. */
  async values(): Promise<PlaceholderValues> {
    return new Map((await this.list()).map((placeholder) => [placeholder.name, placeholder.values]));
  }

  async set(name: string, values: readonly string[]): Promise<Placeholder> {
    const { rows } = await this.db.pool.query<{ name: string; values: string[]; updated_at: Date }>(
      `INSERT INTO rule_placeholders (name, "values", updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (name) DO UPDATE SET "values" = EXCLUDED."values", updated_at = now()
       RETURNING name, "values", updated_at`,
      [name, toPgJson(values)],
    );
    const row = rows[0]!;
    return { ...row, updated_at: row.updated_at.toISOString() };
  }

  async delete(name: string): Promise<boolean> {
    const { rowCount } = await this.db.pool.query("DELETE FROM rule_placeholders WHERE name = $1", [name]);
    return (rowCount ?? 0) > 0;
  }
}
