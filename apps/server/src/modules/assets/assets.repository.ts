import type { Asset, AssetCriticality } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";

/** The API columns of the assets row aliased `a`. */
const COLUMNS = `a.site_id, a.host, a.display_name AS name, a.first_seen, a.last_seen, a.ips, a.users, a.os,
  a.event_count::float8 AS event_count, a.criticality, a.set_by, a.set_at`;

interface AssetRow extends Omit<Asset, "first_seen" | "last_seen" | "set_at"> {
  first_seen: Date;
  last_seen: Date;
  set_at: Date | null;
}

const toAsset = (row: AssetRow): Asset => ({
  ...row,
  first_seen: row.first_seen.toISOString(),
  last_seen: row.last_seen.toISOString(),
  set_at: row.set_at?.toISOString() ?? null,
});

/** Filters of the asset list; `q` is text found in the host name, one of its addresses or user names. */
export interface AssetFilter {
  site_id?: string;
  q?: string;
  criticality?: AssetCriticality;
  /** Exact host names (any case): what the alert drawer asks about its hosts. */
  hosts?: string[];
}

/** `%`, `_` and `\` matched as themselves in an ILIKE pattern. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereOf(filter: AssetFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (value: unknown) => `$${params.push(value)}`;
  if (filter.site_id !== undefined) clauses.push(`a.site_id = ${add(filter.site_id)}`);
  if (filter.criticality) clauses.push(`a.criticality = ${add(filter.criticality)}`);
  if (filter.hosts?.length)
    clauses.push(`a.host = ANY(${add(filter.hosts.map((h) => h.toLowerCase()))}::text[])`);
  if (filter.q) {
    const p = add(`%${escapeLike(filter.q)}%`);
    clauses.push(
      `(a.host ILIKE ${p} OR EXISTS (SELECT 1 FROM unnest(a.ips || a.users) AS v WHERE v ILIKE ${p}))`,
    );
  }
  return clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
}

/** Who sets a criticality: the user (may later be deleted) and the username at the time. */
export interface CriticalitySetter {
  id: string | null;
  username: string | null;
}

/** Data access for assets (table `assets`); the search indexer writes them (ingest/asset-learning.ts). */
export class AssetsRepository {
  constructor(private readonly db: Database) {}

  /** One page of assets, most recently seen first, and how many match. */
  async list(filter: AssetFilter, page: { offset: number; limit: number }) {
    const params: unknown[] = [];
    const where = whereOf(filter, params);
    const [rows, count] = await Promise.all([
      this.db.reads.query<AssetRow>(
        `SELECT ${COLUMNS} FROM assets a ${where} ORDER BY a.last_seen DESC, a.site_id, a.host
         LIMIT ${page.limit} OFFSET ${page.offset}`,
        params,
      ),
      this.db.reads.query<{ n: number }>(`SELECT count(*)::int AS n FROM assets a ${where}`, params),
    ]);
    return { items: rows.rows.map(toAsset), total: count.rows[0]?.n ?? 0 };
  }

  /** One asset by site and host name (any case), or null. */
  async get(siteId: string, host: string): Promise<Asset | null> {
    const { rows } = await this.db.reads.query<AssetRow>(
      `SELECT ${COLUMNS} FROM assets a WHERE a.site_id = $1 AND a.host = lower($2)`,
      [siteId, host],
    );
    return rows[0] ? toAsset(rows[0]) : null;
  }

  /** Sets an asset's criticality; returns it with the criticality it had before, or null when unknown. */
  async setCriticality(
    siteId: string,
    host: string,
    criticality: AssetCriticality,
    by: CriticalitySetter,
    now: Date,
  ): Promise<{ asset: Asset; previous: AssetCriticality } | null> {
    const { rows } = await this.db.pool.query<AssetRow & { previous: AssetCriticality }>(
      `UPDATE assets a SET criticality = $3, set_by_id = $4, set_by = $5, set_at = $6
       FROM (SELECT criticality FROM assets WHERE site_id = $1 AND host = lower($2) FOR UPDATE) AS old
       WHERE a.site_id = $1 AND a.host = lower($2)
       RETURNING ${COLUMNS}, old.criticality AS previous`,
      [siteId, host, criticality, by.id, by.username, now],
    );
    const row = rows[0];
    if (!row) return null;
    const { previous, ...asset } = row;
    return { asset: toAsset(asset), previous };
  }
}
