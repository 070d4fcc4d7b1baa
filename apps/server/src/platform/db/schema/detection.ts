import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Correlation rules (threshold, sequence, aggregation), shared by the native and AudioSOC v1 views. */
export const rules = pgTable("rules", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  ruleType: text("rule_type").notNull(),
  conditions: jsonb("conditions").notNull(),
  severity: text("severity").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  mitreTactic: text("mitre_tactic"),
  mitreTechnique: text("mitre_technique"),
  mitreTactics: text("mitre_tactics").array().notNull().default([]),
  mitreTechniques: text("mitre_techniques").array().notNull().default([]),
  /** The Sigma rule it was imported from (metadata, author, original YAML). */
  sigma: jsonb("sigma"),
  cooldownSeconds: integer("cooldown_seconds").notNull().default(300),
  actions: jsonb("actions").notNull(),
  triggerCount: integer("trigger_count").notNull().default(0),
  lastTriggered: tz("last_triggered"),
  lastError: text("last_error"),
  createdAt: tz("created_at").notNull().defaultNow(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
});

/** Alerts raised by rules; one open alert per rule and group collects repeated firings. */
export const alerts = pgTable("alerts", {
  id: uuid("id").primaryKey(),
  ruleId: uuid("rule_id").notNull(),
  ruleName: text("rule_name").notNull(),
  severity: text("severity").notNull(),
  title: text("title").notNull(),
  groupValue: text("group_value").notNull(),
  groupFields: jsonb("group_fields").notNull().default({}),
  matchedEventIds: uuid("matched_event_ids").array().notNull(),
  matchedEventCount: integer("matched_event_count").notNull(),
  occurrences: integer("occurrences").notNull().default(1),
  firstSeen: tz("first_seen").notNull(),
  lastSeen: tz("last_seen").notNull(),
  status: text("status").notNull(),
  siteId: text("site_id"),
  ruleAuthor: text("rule_author"),
  mitreTactics: text("mitre_tactics").array().notNull().default([]),
  mitreTechniques: text("mitre_techniques").array().notNull().default([]),
  mitreTactic: text("mitre_tactic"),
  mitreTechnique: text("mitre_technique"),
  acknowledgedBy: text("acknowledged_by"),
  acknowledgedAt: tz("acknowledged_at"),
  resolvedAt: tz("resolved_at"),
  notes: text("notes"),
  /** Who works the alert (a user; cleared when the user is deleted). */
  assigneeId: uuid("assignee_id"),
  assignedAt: tz("assigned_at"),
  /** The hosts, addresses and users it involves (`host:…`, `ip:…`, `user:…`), to find related alerts. */
  entities: text("entities").array().notNull().default([]),
  /** The criticality (high, critical) of the asset that raised its severity one step (docs/ASSETS.md). */
  assetCriticality: text("asset_criticality"),
  createdAt: tz("created_at").notNull(),
  updatedAt: tz("updated_at").notNull(),
});

/** The timeline of an alert: who changed its status, wrote a note or assigned it, when. */
export const alertHistory = pgTable("alert_history", {
  id: uuid("id").primaryKey(),
  alertId: uuid("alert_id").notNull(),
  at: tz("at").notNull(),
  actorId: uuid("actor_id"),
  actor: text("actor"),
  /** `status`, `note` or `assignment`. */
  kind: text("kind").notNull().default("status"),
  fromStatus: text("from_status"),
  toStatus: text("to_status"),
  notes: text("notes"),
  /** The username an assignment gave the alert to (null: unassigned). */
  assignee: text("assignee"),
});

/** One action of an alert (a snapshot of the rule's action) and its delivery state. */
export const alertActions = pgTable("alert_actions", {
  id: uuid("id").primaryKey(),
  alertId: uuid("alert_id").notNull(),
  position: integer("position").notNull(),
  type: text("type").notNull(),
  config: jsonb("config").notNull(),
  status: text("status").notNull(),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  lastAttemptAt: tz("last_attempt_at"),
  createdAt: tz("created_at").notNull(),
});

/** Every delivery attempt of an alert action, with its outcome. */
export const alertActionAttempts = pgTable("alert_action_attempts", {
  id: uuid("id").primaryKey(),
  alertActionId: uuid("alert_action_id").notNull(),
  attempt: integer("attempt").notNull(),
  at: tz("at").notNull(),
  outcome: text("outcome").notNull(),
  error: text("error"),
  durationMs: integer("duration_ms").notNull(),
});

/** Logsource pipelines an admin added beside the shipped ones (Sigma import). */
export const sigmaPipelines = pgTable("sigma_pipelines", {
  name: text("name").primaryKey(),
  definition: jsonb("definition").notNull(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
});

/** The value lists `expand` placeholders of rule conditions stand for, as admins set them. */
export const rulePlaceholders = pgTable("rule_placeholders", {
  name: text("name").primaryKey(),
  values: jsonb("values").notNull(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
});

/** Per rule, allow-list conditions: an event one active exception matches does not count for the rule. */
export const ruleExceptions = pgTable("rule_exceptions", {
  id: uuid("id").primaryKey(),
  ruleId: uuid("rule_id").notNull(),
  condition: jsonb("condition").notNull(),
  reason: text("reason").notNull(),
  authorId: uuid("author_id"),
  author: text("author"),
  fromAlertId: uuid("from_alert_id"),
  enabled: boolean("enabled").notNull().default(true),
  expiresAt: tz("expires_at"),
  createdAt: tz("created_at").notNull().defaultNow(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
});
