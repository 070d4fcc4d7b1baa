import { bigint, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

// Written only by the triggers of migrations 0004 and 0007 (see modules/dashboard/rollup-sql.ts for which
// query reads which table); drizzle only needs the columns.
const bucket = () => timestamp("bucket", { withTimezone: true, mode: "date" }).notNull();
const count = () => bigint("count", { mode: "number" }).notNull();
const severity = () => text("severity").notNull();
/** A missing site is stored as '' (primary-key columns cannot be NULL). */
const siteId = () => text("site_id").notNull();
/** The writer slot of the row (migration 0007): readers sum over it. */
const slot = () => smallint("slot").notNull().default(0);

/** Events of all sites per 5 minutes and severity. */
export const eventTotals5m = pgTable(
  "event_totals_5m",
  { bucket: bucket(), severity: severity(), count: count(), slot: slot() },
  (t) => [primaryKey({ columns: [t.bucket, t.severity, t.slot] })],
);

/** Events of all sites per hour and severity. */
export const eventTotals1h = pgTable(
  "event_totals_1h",
  { bucket: bucket(), severity: severity(), count: count(), slot: slot() },
  (t) => [primaryKey({ columns: [t.bucket, t.severity, t.slot] })],
);

/** Events of all sites per UTC day, severity, source type and triage status. */
export const eventTotals1d = pgTable(
  "event_totals_1d",
  {
    bucket: bucket(),
    severity: severity(),
    sourceType: text("source_type").notNull(),
    status: text("status").notNull(),
    count: count(),
    slot: slot(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.severity, t.sourceType, t.status, t.slot] })],
);

/** Events per site, 5 minutes and severity. */
export const eventRollups5m = pgTable(
  "event_rollups_5m",
  { siteId: siteId(), bucket: bucket(), severity: severity(), count: count(), slot: slot() },
  (t) => [primaryKey({ columns: [t.siteId, t.bucket, t.severity, t.slot] })],
);

/** Events per site, hour and severity. */
export const eventRollups1h = pgTable(
  "event_rollups_1h",
  { siteId: siteId(), bucket: bucket(), severity: severity(), count: count(), slot: slot() },
  (t) => [primaryKey({ columns: [t.siteId, t.bucket, t.severity, t.slot] })],
);

/** Events per site, UTC day and severity. */
export const eventRollups1d = pgTable(
  "event_rollups_1d",
  { siteId: siteId(), bucket: bucket(), severity: severity(), count: count(), slot: slot() },
  (t) => [primaryKey({ columns: [t.siteId, t.bucket, t.severity, t.slot] })],
);

/** Events per site, UTC day, severity, source type and triage status. */
export const eventBreakdown1d = pgTable(
  "event_breakdown_1d",
  {
    siteId: siteId(),
    bucket: bucket(),
    severity: severity(),
    sourceType: text("source_type").notNull(),
    status: text("status").notNull(),
    count: count(),
    slot: slot(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.bucket, t.severity, t.sourceType, t.status, t.slot] })],
);

/** Events of all sites per hour and source IP. */
export const sourceIpTotals1h = pgTable(
  "source_ip_totals_1h",
  { bucket: bucket(), sourceIp: text("source_ip").notNull(), count: count(), slot: slot() },
  (t) => [primaryKey({ columns: [t.bucket, t.sourceIp, t.slot] })],
);

/** Events of all sites per UTC day and source IP. */
export const sourceIpTotals1d = pgTable(
  "source_ip_totals_1d",
  { bucket: bucket(), sourceIp: text("source_ip").notNull(), count: count(), slot: slot() },
  (t) => [primaryKey({ columns: [t.bucket, t.sourceIp, t.slot] })],
);

/** Events per site, UTC day and source IP. */
export const sourceIpRollups1d = pgTable(
  "source_ip_rollups_1d",
  { siteId: siteId(), bucket: bucket(), sourceIp: text("source_ip").notNull(), count: count(), slot: slot() },
  (t) => [primaryKey({ columns: [t.siteId, t.bucket, t.sourceIp, t.slot] })],
);
