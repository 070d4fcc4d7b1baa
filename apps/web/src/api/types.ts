/**
 * Response shapes the web app relies on that `@vigie/contracts` does not (yet) export.
 * Where CONTRACT.md is silent, the shape is the web app's assumption and is listed in the web README.
 */
import type {
  AlertStatus,
  EventStatus,
  Role,
  RuleActionType,
  ScenarioRunStatus,
  Severity,
} from "@vigie/contracts";

/** The caller's own profile, from `GET /auth/me`. */
export interface CurrentUser {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  is_active?: boolean;
  created_at?: string;
  last_login?: string | null;
  /** The IANA zone dates are shown in; null: the browser's own. */
  time_zone?: string | null;
}

/** A user as `/admin/users` lists it. */
export interface AdminUser extends CurrentUser {
  is_active: boolean;
}

/** `POST /auth/login` and `/auth/register` response. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
}

/** One delivery attempt of a rule action, shown on the alert (CONTRACT §6: "the outcome visible on the alert"). */
export interface ActionOutcome {
  type: RuleActionType;
  status: "pending" | "delivered" | "failed" | string;
  attempts?: number;
  error?: string | null;
  at?: string | null;
}

/** One entry of an alert's timeline: a status change (with its note), a note alone, or an assignment. */
export interface AlertHistoryEntry {
  at: string;
  by: string | null;
  kind?: "status" | "note" | "assignment";
  from?: string | null;
  to?: AlertStatus | null;
  notes?: string | null;
  /** For an assignment: the username given the alert (null: unassigned). */
  assignee?: string | null;
}

/** What the alert drawer shows of the rule that raised the alert. */
export interface AlertRuleSummary {
  id: string;
  name: string;
  description: string | null;
  rule_type: string;
  enabled: boolean;
  severity: Severity;
  author: string | null;
  sigma_id: string | null;
  mitre_tactics: string[];
  mitre_techniques: string[];
}

/** A stored alert (CONTRACT §6, plus triage: assignee, entities, first and last seen). */
export interface Alert {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: Severity;
  title: string;
  group_value: string | null;
  group_fields?: Record<string, string>;
  matched_event_ids: string[];
  matched_event_count: number;
  occurrences?: number;
  first_seen?: string;
  last_seen?: string;
  status: AlertStatus;
  site_id: string | null;
  mitre_tactic: string | null;
  mitre_technique: string | null;
  mitre_tactics?: string[];
  mitre_techniques?: string[];
  rule_author?: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_at: string | null;
  notes: string | null;
  assignee_id?: string | null;
  assignee?: string | null;
  assigned_at?: string | null;
  /** `host:<name>`, `ip:<address>`, `user:<name>`: what the alert involves (pivots, related alerts). */
  entities?: string[];
  /** The criticality of the asset that raised the severity one step (docs/ASSETS.md), else null. */
  asset_criticality?: "high" | "critical" | null;
  created_at: string;
  updated_at: string;
  /** In the detail only: the rule (null once deleted). */
  rule?: AlertRuleSummary | null;
  action_results?: ActionOutcome[];
  history?: AlertHistoryEntry[];
}

/** One group of the grouped alert view (`GET /alerts/groups`). */
export interface AlertGroup {
  rule_id: string;
  rule_name: string;
  group_value: string | null;
  count: number;
  open_count: number;
  unassigned_open_count: number;
  severity: Severity;
  first_seen: string;
  last_seen: string;
}

/** A user an alert can be assigned to. */
export interface Assignee {
  id: string;
  username: string;
}

/** The outcome of `POST /alerts/bulk` for one alert. */
export type BulkAlertResult =
  | { id: string; outcome: "updated" | "unchanged"; alert: Alert }
  | { id: string; outcome: "failed"; status_code: number; error: string; message: string };

/** `POST /alerts/bulk` response. */
export interface BulkAlertResponse {
  updated: number;
  unchanged: number;
  failed: number;
  results: BulkAlertResult[];
}

/** The payload of one SSE `event: alert` (CONTRACT §4.1, plus who works it and whether it is new or changed). */
export type AlertStreamItem = Pick<
  Alert,
  "id" | "rule_name" | "severity" | "title" | "group_value" | "matched_event_count" | "status" | "site_id"
> & { assignee?: string | null; updated_at?: string | null; change?: "raised" | "updated" };

/** `POST /rules/:id/test` response (CONTRACT §4.1). */
export interface RuleBacktest {
  rule_id: string;
  rule_name: string;
  events_evaluated: number;
  alerts_would_fire: number;
  alerts: { group_value: string | null; matched_event_count: number; matched_event_ids: string[] }[];
}

/** `GET /dashboard` (CONTRACT §4.1). */
export interface DashboardSummary {
  total_events: number;
  total_alerts: number;
  open_alerts: number;
  critical_open: number;
  alerts_by_status: Partial<Record<AlertStatus, number>>;
  severity_breakdown: { severity: Severity; count: number }[];
}

/** One `GET /dashboard/timeline` bucket; per-severity counts are used when the server provides them. */
export type TimelineBucket = { bucket: string; count: number } & Partial<Record<Severity, number>>;

/** One `GET /dashboard/top-sources` row; the label is whichever of these the server sends. */
export interface TopSource {
  source_ip?: string | null;
  source?: string | null;
  source_type?: string | null;
  count: number;
}

/** Site health (CONTRACT §4.1). */
export type SiteHealth = "online" | "degraded" | "offline";

/** A site as `GET /sites` returns it. */
export interface Site {
  site_id: string;
  name?: string | null;
  description?: string | null;
  /** Sender networks (CIDR) that syslog maps to this site. */
  networks?: string[];
  /** False for a site id seen in events but never created: it has nothing to edit. */
  registered?: boolean;
  health: SiteHealth;
  last_event_at: string | null;
  total_events?: number;
  open_alerts: number;
  events_by_severity: Partial<Record<Severity, number>>;
}

/** A site as the write endpoints return it (`PATCH /sites/:id`). */
export interface SiteSettings {
  site_id: string;
  name: string;
  description: string | null;
  networks: string[];
  created_at: string;
  updated_at: string;
}

/** An ingest token as listed (the secret is shown only once, on creation). */
export interface IngestToken {
  id: string;
  name: string | null;
  prefix?: string | null;
  created_at: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
}

/** `POST /sites/:id/tokens` response: the only time the secret is visible. */
export interface CreatedIngestToken extends IngestToken {
  token: string;
}

/** One audit log row. */
export interface AuditEntry {
  id: string;
  created_at: string;
  actor: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details?: Record<string, unknown> | null;
}

/** A scenario run. */
export interface ScenarioRun {
  id: string;
  filename: string;
  name?: string;
  status: ScenarioRunStatus;
  speed: number;
  site_id: string | null;
  events_generated: number;
  event_count?: number;
  started_at: string;
}

export type { EventStatus };
