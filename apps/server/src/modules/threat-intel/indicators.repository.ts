import type pg from "pg";
import type { Database } from "../../platform/db/database.ts";
import { toPgJson } from "../../platform/db/pg-json.ts";
import { newId } from "../../platform/ids.ts";
import type { IndicatorKind } from "./indicator-values.ts";

/** An indicator as stored and listed. */
export interface Indicator {
  id: string;
  kind: IndicatorKind;
  value: string;
  source: string;
  confidence: number;
  expires_at: string | null;
  import_id: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** What an import writes for one indicator. */
export interface IndicatorInput {
  kind: IndicatorKind;
  value: string;
  source: string;
  confidence: number;
  expires_at: Date | null;
}

/** What the matcher needs of an active indicator. */
export type ActiveIndicator = Pick<Indicator, "kind" | "value" | "source" | "confidence">;

/** Filters of the indicator list. */
export interface IndicatorFilter {
  kind?: IndicatorKind;
  source?: string;
  q?: string;
}

const COLUMNS =
  "id, kind, value, source, confidence, expires_at, import_id, created_by, created_at, updated_at";
const CHUNK = 5_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const toIndicator = (row: Record<string, unknown>): Indicator => ({
  ...(row as unknown as Indicator),
  expires_at: iso(row.expires_at as Date | null),
  created_at: iso(row.created_at as Date)!,
  updated_at: iso(row.updated_at as Date)!,
});

/** Storage of indicator lists. */
export class IndicatorsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Inserts or updates (same kind, value and source) every indicator, on the caller's transaction, in
   * chunks. Returns the rows this import added (not those it updated): the look-back covers those.
   */
  async upsert(
    client: pg.PoolClient,
    items: readonly IndicatorInput[],
    importId: string,
    createdBy: string | null,
    now: Date,
  ): Promise<ActiveIndicator[]> {
    const added: ActiveIndicator[] = [];
    for (let start = 0; start < items.length; start += CHUNK) {
      const records = items.slice(start, start + CHUNK).map((item) => ({ ...item, id: newId() }));
      const { rows } = await client.query(
        `INSERT INTO indicators (id, kind, value, source, confidence, expires_at, import_id, created_by, created_at, updated_at)
         SELECT id, kind, value, source, confidence, expires_at, $2, $3, $4, $4
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, kind text, value text, source text, confidence smallint, expires_at timestamptz)
         ON CONFLICT (kind, value, source) DO UPDATE SET confidence = EXCLUDED.confidence,
           expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
         RETURNING kind, value, source, confidence, (xmax = 0) AS inserted`,
        [toPgJson(records), importId, createdBy, now],
      );
      for (const row of rows as (ActiveIndicator & { inserted: boolean })[])
        if (row.inserted)
          added.push({ kind: row.kind, value: row.value, source: row.source, confidence: row.confidence });
    }
    return added;
  }

  /** Every indicator not expired at `now`: what the matcher loads. */
  async active(now: Date): Promise<ActiveIndicator[]> {
    const { rows } = await this.db.pool.query(
      "SELECT kind, value, source, confidence FROM indicators WHERE expires_at IS NULL OR expires_at > $1",
      [now],
    );
    return rows as ActiveIndicator[];
  }

  /** One page of indicators, newest first, and their number. */
  async list(filter: IndicatorFilter, offset: number, limit: number) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
    if (filter.source) where.push(`source = $${params.push(filter.source)}`);
    if (filter.q)
      where.push(
        `value ILIKE $${params.push(`%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`,
      );
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const [page, count] = await Promise.all([
      this.db.pool.query(
        `SELECT ${COLUMNS} FROM indicators ${clause} ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM indicators ${clause}`, params),
    ]);
    return { items: page.rows.map(toIndicator), total: count.rows[0]?.n ?? 0 };
  }

  /** Removes a source's list; returns how many indicators it held. */
  async removeSource(source: string): Promise<number> {
    const { rowCount } = await this.db.pool.query("DELETE FROM indicators WHERE source = $1", [source]);
    return rowCount ?? 0;
  }
}
