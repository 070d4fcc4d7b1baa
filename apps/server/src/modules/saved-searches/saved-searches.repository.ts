import type { SavedSearch, SearchFilters } from "@vigie/contracts";
import type { Database } from "../../platform/db/database.ts";
import { isUuid } from "../users/users.repository.ts";

/** A saved search as stored, with its owner's current username. */
export interface SavedSearchRow {
  id: string;
  owner_id: string;
  owner: string;
  name: string;
  description: string | null;
  q: string;
  filters: SearchFilters;
  shared: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The stored fields a change may set. */
export interface SavedSearchFields {
  name?: string;
  description?: string | null;
  q?: string;
  filters?: SearchFilters;
  shared?: boolean;
}

const COLUMNS = `s.id, s.owner_id, u.username AS owner, s.name, s.description, s.q, s.filters, s.shared,
  s.created_at, s.updated_at`;
/** What a user sees: their own searches and those others share. */
const VISIBLE = "(s.owner_id = $1 OR s.shared)";

/** The API shape of a row, as seen by `userId`. */
export function toSavedSearch(row: SavedSearchRow, userId: string): SavedSearch {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    q: row.q,
    filters: row.filters,
    shared: row.shared,
    owner_id: row.owner_id,
    owner: row.owner,
    mine: row.owner_id === userId,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Data access for `saved_searches`; a duplicate name rejects with the unique violation (23505). */
export class SavedSearchesRepository {
  constructor(private readonly db: Database) {}

  /** One page of what `userId` sees: their own first, then by name; and how many. */
  async list(userId: string, page: { offset: number; limit: number }) {
    const [{ rows }, count] = await Promise.all([
      this.db.reads.query<SavedSearchRow>(
        `SELECT ${COLUMNS} FROM saved_searches s JOIN users u ON u.id = s.owner_id WHERE ${VISIBLE}
         ORDER BY (s.owner_id = $1) DESC, lower(s.name), s.id LIMIT ${page.limit} OFFSET ${page.offset}`,
        [userId],
      ),
      this.db.reads.query<{ n: number }>(`SELECT count(*)::int AS n FROM saved_searches s WHERE ${VISIBLE}`, [
        userId,
      ]),
    ]);
    return { rows, total: count.rows[0]?.n ?? 0 };
  }

  /** One search `userId` may see; null when unknown or private to someone else. */
  async visible(userId: string, id: string): Promise<SavedSearchRow | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.db.pool.query<SavedSearchRow>(
      `SELECT ${COLUMNS} FROM saved_searches s JOIN users u ON u.id = s.owner_id WHERE ${VISIBLE} AND s.id = $2`,
      [userId, id],
    );
    return rows[0] ?? null;
  }

  /** Stores a new search. */
  async insert(id: string, ownerId: string, fields: Required<SavedSearchFields>, at: Date): Promise<void> {
    await this.db.pool.query(
      `INSERT INTO saved_searches (id, owner_id, name, description, q, filters, shared, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [
        id,
        ownerId,
        fields.name,
        fields.description,
        fields.q,
        JSON.stringify(fields.filters),
        fields.shared,
        at,
      ],
    );
  }

  /** Writes the given fields and stamps `updated_at`. */
  async update(id: string, fields: SavedSearchFields, at: Date): Promise<void> {
    const params: unknown[] = [id, at];
    const sets = Object.entries(fields).map(
      ([column, value]) =>
        `${column} = $${params.push(column === "filters" ? JSON.stringify(value) : value)}`,
    );
    await this.db.pool.query(
      `UPDATE saved_searches SET ${["updated_at = $2", ...sets].join(", ")} WHERE id = $1`,
      params,
    );
  }

  /** Removes a search. */
  async delete(id: string): Promise<void> {
    await this.db.pool.query("DELETE FROM saved_searches WHERE id = $1", [id]);
  }
}
