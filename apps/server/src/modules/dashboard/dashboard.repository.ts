import type { Database } from "../../platform/db/database.ts";
import { type CountSpec, countSql, type Dimension } from "./rollup-sql.ts";
import { GRAIN_MS } from "./time-range.ts";

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
    const { rows } = await this.db.reads.query<CountRow>(sql.text, sql.values);
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
    const { rows } = await this.db.reads.query<SiteRecord>(
      `SELECT id, name, description, networks, created_at, updated_at FROM sites${id === undefined ? "" : " WHERE id = $1"} ORDER BY id`,
      id === undefined ? [] : [id],
    );
    return rows;
  }

  /**
   * Time of the newest event of each site (null when it has none): the site's latest non-empty
   * 5-minute rollup bucket, then the exact maximum inside that bucket, so that each lookup is planned
   * against one partition instead of all of them.
   */
  async lastEvents(siteIds: string[]): Promise<Map<string, Date | null>> {
    const { rows: latest } = await this.db.reads.query<{ site_id: string; bucket: Date | null }>(
      `SELECT s.site_id, (SELECT bucket FROM event_rollups_5m r WHERE r.site_id = s.site_id AND r.count > 0 ORDER BY bucket DESC LIMIT 1) AS bucket
       FROM unnest($1::text[]) AS s(site_id)`,
      [siteIds],
    );
    const last = new Map<string, Date | null>(siteIds.map((id) => [id, null]));
    const active = latest.filter((r) => r.bucket !== null);
    if (!active.length) return last;
    const values: unknown[] = [];
    const bind = (v: unknown) => `$${values.push(v)}`;
    const lookups = active.map(({ site_id, bucket }) => {
      const site = bind(site_id);
      return `SELECT ${site}::text AS site_id, max("timestamp") AS last FROM events WHERE site_id = ${site} AND "timestamp" >= ${bind(bucket)} AND "timestamp" < ${bind(new Date(bucket!.getTime() + GRAIN_MS["5m"]))}`;
    });
    const { rows } = await this.db.reads.query<{ site_id: string; last: Date | null }>(
      lookups.join(" UNION ALL "),
      values,
    );
    for (const r of rows) last.set(r.site_id, r.last);
    return last;
  }
}
