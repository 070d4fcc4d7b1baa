import { and, count, desc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import { auditLog } from "../../platform/db/schema.ts";
import { newId } from "../../platform/ids.ts";
import { isUuid } from "../users/users.repository.ts";

/** Who acted: a signed-in user, or (failed login, registration) only a claimed username. */
export interface AuditActor {
  id?: string | null;
  username: string | null;
}

/** One thing to remember: `action` is `<object>.<verb>` (e.g. `user.deactivated`, `rule.created`). */
export interface AuditEntryInput {
  actor: AuditActor | null;
  action: string;
  target_type?: string | null;
  target_id?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Filters of the audit listing. */
export interface AuditFilter {
  user_id?: string;
  username?: string;
  action?: string;
  target_type?: string;
  target_id?: string;
  from?: Date;
  to?: Date;
}

/** An audit row as the API returns it. */
export type AuditEntry = ReturnType<typeof toEntry>;

/** The actor and client IP of a request, to spread into `record()`. */
export function requestActor(request: FastifyRequest): Pick<AuditEntryInput, "actor" | "ip"> {
  const user = request.user;
  return { actor: user ? { id: user.id, username: user.username } : null, ip: request.ip };
}

/** Writes and reads the audit log; recording never fails the caller's request (the change is already made). */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Records one action; problems are logged, not thrown. */
  record(entry: AuditEntryInput): Promise<void> {
    return this.recordMany([entry]);
  }

  /** Records several actions in one statement; problems are logged, not thrown. */
  async recordMany(entries: AuditEntryInput[]): Promise<void> {
    if (!entries.length) return;
    const createdAt = this.clock.now();
    try {
      await this.db.orm.insert(auditLog).values(
        entries.map((entry) => ({
          id: newId(),
          createdAt,
          actorId: entry.actor?.id ?? null,
          actorUsername: entry.actor?.username ?? null,
          action: entry.action,
          targetType: entry.target_type ?? null,
          targetId: entry.target_id ?? null,
          ip: entry.ip ?? null,
          details: entry.details ?? {},
        })),
      );
    } catch (error) {
      this.logger.error(
        { err: error, actions: [...new Set(entries.map((e) => e.action))] },
        "audit record failed",
      );
    }
  }

  /** One page of entries, newest first. */
  async list(
    filter: AuditFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: AuditEntry[]; total: number }> {
    const where = and(...conditions(filter));
    const [rows, [totalRow]] = await Promise.all([
      this.db.orm
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .offset(offset)
        .limit(limit),
      this.db.orm.select({ n: count() }).from(auditLog).where(where),
    ]);
    return { items: rows.map(toEntry), total: totalRow?.n ?? 0 };
  }
}

function conditions(filter: AuditFilter): SQL[] {
  const out: SQL[] = [];
  if (filter.user_id) out.push(isUuid(filter.user_id) ? eq(auditLog.actorId, filter.user_id) : sql`false`);
  if (filter.username) out.push(sql`lower(${auditLog.actorUsername}) = lower(${filter.username})`);
  if (filter.action) out.push(eq(auditLog.action, filter.action));
  if (filter.target_type) out.push(eq(auditLog.targetType, filter.target_type));
  if (filter.target_id) out.push(eq(auditLog.targetId, filter.target_id));
  if (filter.from) out.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) out.push(lte(auditLog.createdAt, filter.to));
  return out;
}

function toEntry(row: typeof auditLog.$inferSelect) {
  return {
    id: row.id,
    created_at: row.createdAt.toISOString(),
    actor: row.actorUsername,
    actor_id: row.actorId,
    action: row.action,
    target_type: row.targetType,
    target_id: row.targetId,
    ip: row.ip,
    details: row.details,
  };
}
