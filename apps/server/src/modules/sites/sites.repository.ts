import { eq } from "drizzle-orm";
import { errors } from "../../http/errors.ts";
import type { Database } from "../../platform/db/database.ts";
import { isForeignKeyViolation, uniqueViolation } from "../../platform/db/pg-errors.ts";
import { sites } from "../../platform/db/schema.ts";

/** A site row. */
export type SiteRecord = typeof sites.$inferSelect;

/** The editable fields of a site. */
export interface SiteFields {
  name: string;
  description?: string | null;
  networks?: string[];
}

/** A site as the write endpoints return it (the statistics come from `GET /sites`). */
export function publicSite(s: SiteRecord) {
  return {
    site_id: s.id,
    name: s.name,
    description: s.description,
    networks: s.networks,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}

/** Writes to the sites table; a taken id is a ConflictError. */
export class SitesRepository {
  constructor(private readonly db: Database) {}

  async find(id: string): Promise<SiteRecord | null> {
    const [row] = await this.db.orm.select().from(sites).where(eq(sites.id, id));
    return row ?? null;
  }

  async create(id: string, fields: SiteFields): Promise<SiteRecord> {
    try {
      const [row] = await this.db.orm
        .insert(sites)
        .values({ id, ...fields })
        .returning();
      return row!;
    } catch (error) {
      if (uniqueViolation(error)) throw errors.conflict(`Site ${id} already exists`);
      throw error;
    }
  }

  async update(id: string, fields: Partial<SiteFields>): Promise<SiteRecord | null> {
    const [row] = await this.db.orm
      .update(sites)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(sites.id, id))
      .returning();
    return row ?? null;
  }

  /** Deletes a site and (by cascade) its ingest tokens; its events keep their site id. */
  async delete(id: string): Promise<SiteRecord | null> {
    try {
      const [row] = await this.db.orm.delete(sites).where(eq(sites.id, id)).returning();
      return row ?? null;
    } catch (error) {
      if (isForeignKeyViolation(error))
        throw errors.conflict(`Site ${id} is still referenced and cannot be deleted`);
      throw error;
    }
  }
}
