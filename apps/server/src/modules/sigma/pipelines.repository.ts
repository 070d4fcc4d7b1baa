import type { Database } from "../../platform/db/database.ts";
import { toPgJson } from "../../platform/db/pg-json.ts";
import { type LogsourcePipeline, LogsourcePipelineSchema } from "../../sigma/pipelines/index.ts";

/** The logsource pipelines admins add beside the shipped ones, stored by name. */
export class PipelinesRepository {
  constructor(private readonly db: Database) {}

  /** Every admin pipeline, by name; a stored definition that no longer validates is left out. */
  async list(): Promise<LogsourcePipeline[]> {
    const { rows } = await this.db.pool.query("SELECT definition FROM sigma_pipelines ORDER BY name");
    return rows.flatMap((row) => {
      const parsed = LogsourcePipelineSchema.safeParse(row.definition);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Creates or replaces a pipeline; true when it replaced one. */
  async put(pipeline: LogsourcePipeline): Promise<boolean> {
    const { rows } = await this.db.pool.query(
      `INSERT INTO sigma_pipelines (name, definition) VALUES ($1, $2::jsonb)
       ON CONFLICT (name) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()
       RETURNING (xmax <> 0) AS replaced`,
      [pipeline.name, toPgJson(pipeline)],
    );
    return Boolean(rows[0]?.replaced);
  }

  async delete(name: string): Promise<boolean> {
    const { rowCount } = await this.db.pool.query("DELETE FROM sigma_pipelines WHERE name = $1", [name]);
    return (rowCount ?? 0) > 0;
  }
}
