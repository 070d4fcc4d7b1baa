import { doublePrecision, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Playbacks of catalogue playbooks (migrations/0005_scenarios.sql). */
export const scenarioRuns = pgTable("scenario_runs", {
  id: uuid("id").primaryKey(),
  filename: text("filename").notNull(),
  name: text("name").notNull(),
  status: text("status", { enum: ["running", "paused", "completed", "stopped", "error"] }).notNull(),
  speed: doublePrecision("speed").notNull(),
  siteId: text("site_id").notNull(),
  eventsGenerated: integer("events_generated").notNull().default(0),
  eventCount: integer("event_count").notNull(),
  startedBy: uuid("started_by"),
  startedAt: tz("started_at").notNull(),
  updatedAt: tz("updated_at").notNull(),
  finishedAt: tz("finished_at"),
  error: text("error"),
});
