import type { Database } from "../../platform/db/database.ts";
import { type CountSpec, countSql, type Dimension } from "./rollup-sql.ts";

/** One row of a count query: the grouped dimensions, the bucket start when asked, and the count. */
export type CountRow = Partial<Record<Dimension, string | null>> & { bucket?: Date; count: number };

/** A registered site (the `sites` table). */
export interface SiteRecord {
  id: string;
  name: string;
  description: string | null;
  networks: string[];
  created_at: Date;
  updated_at: Date;
}

/** Reads event counts from the rollups (exact edges from `events`) and the facts sites need. */
export class DashboardRepository {
  /** `naive`: count over the events table only, never the rollups (the benchmark's baseline). */
  constructor(
    private readonly db: Database,
    private readonly options: { naive?: boolean } = {},
  ) {}

  /** Counts grouped as the spec says; a missing site comes back as null. */
  async counts(spec: CountSpec): Promise<CountRow[]> {
    const sql = countSql(this.options.naive ? { ...spec, naive: true } : spec);
    if (!sql) return [];
    const { rows } = await this.db.pool.query<CountRow>(sql.text, sql.values);
    return rows
      .map((r) => ("site_id" in r ? { ...r, site_id: r.site_id || null } : r))
      .filter((r) => r.count !== 0);
  }

  /** The total of a count query without grouping. */
  async total(spec: Omit<CountSpec, "groupBy">): Promise<number> {
    const [row] = await this.counts({ ...spec, groupBy: [] });
    return row?.count ?? 0;
  }

  /** Registered sites, by id (one site when `id` is given). */
  async sites(id?: string): Promise<SiteRecord[]> {
    const { rows } = await this.db.pool.query<SiteRecord>(
      `SELECT id, name, description, networks, created_at, updated_at FROM sites${id === undefined ? "" : " WHERE id = $1"} ORDER BY id`,
      id === undefined ? [] : [id],
    );
    return rows;
  }

  /** Time of the newest event of each site (null when it has none); one index probe per site and partition. */
  async lastEvents(siteIds: string[]): Promise<Map<string, Date | null>> {
    if (!siteIds.length) return new Map();
    const { rows } = await this.db.pool.query<{ site_id: string; last: Date | null }>(
      `SELECT s.site_id, (SELECT max("timestamp") FROM events e WHERE e.site_id = s.site_id) AS last
       FROM unnest($1::text[]) AS s(site_id)`,
      [siteIds],
    );
    return new Map(rows.map((r) => [r.site_id, r.last]));
  }
}
