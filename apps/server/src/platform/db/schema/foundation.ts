import { sql } from "drizzle-orm";
import {
  boolean,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Key/value settings shared by every node (e.g. the generated JWT key in scaled mode). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
});

/** The organisation's sites (AUDIO_001 … AUDIO_030), with the sender networks syslog maps to them. */
export const sites = pgTable("sites", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  networks: text("networks").array().notNull().default(sql`'{}'`),
  createdAt: tz("created_at").notNull().defaultNow(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
});

/** People who sign in to the console. */
export const users = pgTable("users", {
  id: uuid("id").primaryKey(),
  username: text("username").notNull(),
  email: text("email").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ["admin", "supervisor", "analyst"] }).notNull(),
  isActive: boolean("is_active").notNull().default(true),
  /** Bumped on password change and deactivation: tokens carrying an older version stop working. */
  tokenVersion: integer("token_version").notNull().default(0),
  lastLogin: tz("last_login"),
  /** The IANA time zone the console shows dates in; null: the browser's own. */
  timeZone: text("time_zone"),
  createdAt: tz("created_at").notNull().defaultNow(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
});

/** Ingest tokens, stored as SHA-256 hashes; a site-bound token forces its site. */
export const ingestTokens = pgTable("ingest_tokens", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  siteId: text("site_id"),
  tokenHash: text("token_hash").notNull(),
  prefix: text("prefix").notNull(),
  createdBy: uuid("created_by"),
  createdAt: tz("created_at").notNull().defaultNow(),
  lastUsedAt: tz("last_used_at"),
  revokedAt: tz("revoked_at"),
});

/** Records the pipeline refused, with the reason. */
export const deadLetters = pgTable("dead_letters", {
  id: uuid("id").primaryKey(),
  receivedAt: tz("received_at").notNull().defaultNow(),
  receiver: text("receiver").notNull(),
  clientIp: text("client_ip"),
  reason: text("reason").notNull(),
  payload: jsonb("payload"),
});

/** Log events (partitioned by day in SQL; drizzle only needs the columns). */
export const events = pgTable(
  "events",
  {
    id: uuid("id").notNull(),
    timestamp: tz("timestamp").notNull(),
    receivedAt: tz("received_at").notNull(),
    siteId: text("site_id"),
    sourceType: text("source_type").notNull(),
    eventType: text("event_type").notNull(),
    severity: text("severity").notNull(),
    status: text("status").notNull(),
    assignedTo: text("assigned_to"),
    sourceIp: text("source_ip"),
    destIp: text("dest_ip"),
    sourcePort: integer("source_port"),
    destPort: integer("dest_port"),
    hostname: text("hostname"),
    username: text("username"),
    message: text("message"),
    raw: json("raw").notNull(),
    rawLog: text("raw_log"),
    normalized: jsonb("normalized").notNull(),
    metadata: jsonb("metadata").notNull(),
    mitreTactic: text("mitre_tactic"),
    mitreTechnique: text("mitre_technique"),
    scenarioRunId: uuid("scenario_run_id"),
    createdAt: tz("created_at").notNull(),
    updatedAt: tz("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.timestamp] })],
);
