import { bigint, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The hosts of each site learnt from their events, with their criticality (migration 0024, docs/ASSETS.md). */
export const assets = pgTable(
  "assets",
  {
    siteId: text("site_id").notNull(),
    host: text("host").notNull(),
    displayName: text("display_name").notNull(),
    firstSeen: tz("first_seen").notNull(),
    lastSeen: tz("last_seen").notNull(),
    ips: text("ips").array().notNull().default([]),
    users: text("users").array().notNull().default([]),
    os: text("os"),
    eventCount: bigint("event_count", { mode: "number" }).notNull().default(0),
    criticality: text("criticality").notNull().default("normal"),
    setById: uuid("set_by_id"),
    setBy: text("set_by"),
    setAt: tz("set_at"),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.host] })],
);
