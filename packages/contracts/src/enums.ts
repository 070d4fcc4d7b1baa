/** The enums of CONTRACT §2, shared by the server and the web app. */
export const SOURCE_TYPES = [
  "firewall",
  "ids",
  "auth",
  "endpoint",
  "dns",
  "proxy",
  "network",
  "email",
  "active_directory",
  "application",
  "generic",
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Severities, most severe first. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Triage status of an event (AudioSOC v1). */
export const EVENT_STATUSES = ["new", "investigating", "resolved", "false_positive"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Lifecycle status of an alert (native v1 API). */
export const ALERT_STATUSES = ["new", "acknowledged", "investigating", "resolved", "false_positive"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Alert statuses that count as "open". */
export const OPEN_ALERT_STATUSES = ["new", "acknowledged", "investigating"] as const;

export const RULE_TYPES = ["threshold", "sequence", "aggregation", "first_seen"] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export const RULE_ACTIONS = ["log", "email", "webhook"] as const;
export type RuleActionType = (typeof RULE_ACTIONS)[number];

/** Roles, least privileged first. */
export const ROLES = ["analyst", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const SCENARIO_RUN_STATUSES = ["running", "paused", "completed", "stopped", "error"] as const;
export type ScenarioRunStatus = (typeof SCENARIO_RUN_STATUSES)[number];
