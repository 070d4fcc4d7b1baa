import { bigint, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

// The rollups are written only by the triggers of migration 0004; drizzle needs the columns to read them.
const bucket = () => timestamp("bucket", { withTimezone: true, mode: "date" }).notNull();
const count = () => bigint("count", { mode: "number" }).notNull();
/** A missing site is stored as '' (primary-key columns cannot be NULL). */
const siteId = () => text("site_id").notNull();

/** Events per 5 minutes, site and severity. */
export const eventRollups5m = pgTable(
  "event_rollups_5m",
  { bucket: bucket(), siteId: siteId(), severity: text("severity").notNull(), count: count() },
  (t) => [primaryKey({ columns: [t.bucket, t.siteId, t.severity] })],
);

/** Events per hour, site and severity. */
export const eventRollups1h = pgTable(
  "event_rollups_1h",
  { bucket: bucket(), siteId: siteId(), severity: text("severity").notNull(), count: count() },
  (t) => [primaryKey({ columns: [t.bucket, t.siteId, t.severity] })],
);

/** Events per UTC day, site, severity, source type and triage status. */
export const eventRollups1d = pgTable(
  "event_rollups_1d",
  {
    bucket: bucket(),
    siteId: siteId(),
    severity: text("severity").notNull(),
    sourceType: text("source_type").notNull(),
    status: text("status").notNull(),
    count: count(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.siteId, t.severity, t.sourceType, t.status] })],
);

/** Events per hour, site and source IP (top sources). */
export const sourceIpRollups1h = pgTable(
  "source_ip_rollups_1h",
  { bucket: bucket(), siteId: siteId(), sourceIp: text("source_ip").notNull(), count: count() },
  (t) => [primaryKey({ columns: [t.bucket, t.siteId, t.sourceIp] })],
);

/** Events per UTC day, site and source IP (top sources). */
export const sourceIpRollups1d = pgTable(
  "source_ip_rollups_1d",
  { bucket: bucket(), siteId: siteId(), sourceIp: text("source_ip").notNull(), count: count() },
  (t) => [primaryKey({ columns: [t.bucket, t.siteId, t.sourceIp] })],
);
