import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** The audit log: who did what to which object, when, from which client IP. */
export const auditLog = pgTable("audit_log", {
  id: uuid("id").primaryKey(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  actorId: uuid("actor_id"),
  actorUsername: text("actor_username"),
  action: text("action").notNull(),
  targetType: text("target_type"),
  targetId: text("target_id"),
  ip: text("ip"),
  details: jsonb("details").$type<Record<string, unknown>>().notNull(),
});
