import type { Role } from "@vigie/contracts";
import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import { errors } from "../../http/errors.ts";
import type { Database } from "../../platform/db/database.ts";
import { isForeignKeyViolation, uniqueViolation } from "../../platform/db/pg-errors.ts";
import { users } from "../../platform/db/schema.ts";
import { newId } from "../../platform/ids.ts";

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
    time_zone: u.timeZone,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}

/** A change that may take an active admin away, so it is refused when it would leave none. */
export type GuardedChange = { role: Role } | { isActive: boolean } | { delete: true };

/** Outcome of a guarded change. */
export type GuardedOutcome = { user: UserRecord } | { refused: "not_found" | "last_admin" };

/** Filters of the admin user list. */
export interface UserFilter {
  role?: Role;
  is_active?: boolean;
  q?: string;
}

/** Data access for users; unique username/email violations become ConflictError. */
export class UsersRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string): Promise<UserRecord | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.orm.select().from(users).where(eq(users.id, id));
    return row ?? null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const [row] = await this.db.orm
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`);
    return row ?? null;
  }

  async count(): Promise<number> {
    const [row] = await this.db.orm.select({ n: count() }).from(users);
    return row?.n ?? 0;
  }

  /** One page of users, by username. */
  async list(
    filter: UserFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: UserRecord[]; total: number }> {
    const where = and(...userConditions(filter));
    const [items, [total]] = await Promise.all([
      this.db.orm
        .select()
        .from(users)
        .where(where)
        .orderBy(asc(sql`lower(${users.username})`))
        .offset(offset)
        .limit(limit),
      this.db.orm.select({ n: count() }).from(users).where(where),
    ]);
    return { items, total: total?.n ?? 0 };
  }

  async create(input: {
    username: string;
    email: string;
    passwordHash: string;
    role: Role;
  }): Promise<UserRecord> {
    try {
      const [row] = await this.db.orm
        .insert(users)
        .values({ id: newId(), ...input })
        .returning();
      return row!;
    } catch (error) {
      throw conflictOr(error);
    }
  }

  /** Changes a user's own profile; a new password also bumps the token version (ends older sessions). */
  async updateProfile(
    id: string,
    change: { username?: string; email?: string; passwordHash?: string },
  ): Promise<UserRecord | null> {
    try {
      const [row] = await this.db.orm
        .update(users)
        .set({
          ...change,
          ...(change.passwordHash ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}),
          updatedAt: new Date(),
        })
        .where(eq(users.id, id))
        .returning();
      return row ?? null;
    } catch (error) {
      throw conflictOr(error);
    }
  }

  /** Changes a user's own display preferences (no password needed: nothing here grants access). */
  async updatePreferences(id: string, change: { timeZone: string | null }): Promise<UserRecord | null> {
    const [row] = await this.db.orm
      .update(users)
      .set({ ...change, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    return row ?? null;
  }

  async recordLogin(id: string, newHash?: string): Promise<void> {
    await this.db.orm
      .update(users)
      .set({ lastLogin: new Date(), ...(newHash ? { passwordHash: newHash } : {}) })
      .where(eq(users.id, id));
  }

  /**
   * Changes role or activation, or deletes, unless that would leave no active admin. The active
   * admins are locked first, so two admins removing each other at once cannot both succeed.
   */
  async changeGuarded(id: string, change: GuardedChange): Promise<GuardedOutcome> {
    if (!isUuid(id)) return { refused: "not_found" };
    try {
      return await this.db.orm.transaction(async (tx) => {
        const activeAdmins = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.role, "admin"), eq(users.isActive, true)))
          .for("update");
        const [user] = await tx.select().from(users).where(eq(users.id, id));
        if (!user) return { refused: "not_found" as const };
        const isActiveAdmin = user.role === "admin" && user.isActive;
        if (isActiveAdmin && removesAdmin(change) && activeAdmins.length <= 1)
          return { refused: "last_admin" as const };
        if ("delete" in change) {
          await tx.delete(users).where(eq(users.id, id));
          return { user };
        }
        const [updated] = await tx
          .update(users)
          .set(guardedSet(user, change))
          .where(eq(users.id, id))
          .returning();
        return { user: updated! };
      });
    } catch (error) {
      if (isForeignKeyViolation(error))
        throw errors.conflict("This user is still referenced; deactivate it instead");
      throw error;
    }
  }
}

function removesAdmin(change: GuardedChange): boolean {
  if ("delete" in change) return true;
  if ("role" in change) return change.role !== "admin";
  return !change.isActive;
}

// Deactivation bumps the token version, so re-activating a user does not revive old tokens.
function guardedSet(user: UserRecord, change: Exclude<GuardedChange, { delete: true }>) {
  const deactivates = "isActive" in change && !change.isActive && user.isActive;
  return {
    ...change,
    ...(deactivates ? { tokenVersion: user.tokenVersion + 1 } : {}),
    updatedAt: new Date(),
  };
}

function userConditions(filter: UserFilter): SQL[] {
  const out: SQL[] = [];
  if (filter.role) out.push(eq(users.role, filter.role));
  if (filter.is_active !== undefined) out.push(eq(users.isActive, filter.is_active));
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    out.push(sql`(lower(${users.username}) LIKE ${like} OR lower(${users.email}) LIKE ${like})`);
  }
  return out;
}

function conflictOr(error: unknown): unknown {
  const index = uniqueViolation(error);
  if (index === "users_username_key") return errors.conflict("Username is already taken");
  if (index === "users_email_key") return errors.conflict("Email is already registered");
  return error;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a path parameter can be an id (a malformed id is a 404, never a database error). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
