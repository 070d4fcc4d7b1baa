import { count, eq, sql } from "drizzle-orm";
import type { Role } from "@vigie/contracts";
import { v7 as uuidv7 } from "uuid";
import type { Database } from "../../platform/db/database.ts";
import { users } from "../../platform/db/schema.ts";

/** A user row. */
export type UserRecord = typeof users.$inferSelect;

/** The public view of a user: never the password hash. */
export function publicUser(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    role: u.role,
    is_active: u.isActive,
    last_login: u.lastLogin?.toISOString() ?? null,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}

/** Data access for users. */
export class UsersRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string): Promise<UserRecord | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.orm.select().from(users).where(eq(users.id, id));
    return row ?? null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const [row] = await this.db.orm.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
    return row ?? null;
  }

  async count(): Promise<number> {
    const [row] = await this.db.orm.select({ n: count() }).from(users);
    return row?.n ?? 0;
  }

  async create(input: { username: string; email: string; passwordHash: string; role: Role }): Promise<UserRecord> {
    const [row] = await this.db.orm
      .insert(users)
      .values({ id: uuidv7(), ...input })
      .returning();
    return row!;
  }

  async recordLogin(id: string, newHash?: string): Promise<void> {
    await this.db.orm
      .update(users)
      .set({ lastLogin: new Date(), ...(newHash ? { passwordHash: newHash } : {}) })
      .where(eq(users.id, id));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a path parameter can be an id (a malformed id is a 404, never a database error). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
