import { ALERT_STATUSES, type AlertStatus, SEVERITIES, type Severity } from "@vigie/contracts";
import { isUuid } from "../users/users.repository.ts";

/** What a list of alerts (or its groups) is narrowed to; every filter applies together. */
export interface AlertFilter {
  status?: AlertStatus[];
  severity?: Severity[];
  rule_id?: string;
  /**
   * An ATT&CK technique (`T1059`) or sub-technique (`T1059.001`): alerts of the rules that cover it now, as the
   * ATT&CK coverage counts them (a rule tagged with a sub-technique covers its parent; docs/ATTACK.md).
   */
  technique?: string;
  /** The exact group value (a group of the rule+group view, expanded). */
  group_value?: string;
  site_id?: string;
  /** A user id, or nobody. */
  assignee?: { id: string } | "unassigned";
  /** The alert's activity (first seen → last seen, event time) overlaps this window. */
  from?: Date;
  to?: Date;
  /** Words found in the title (rule name and group value) or the group value, case-insensitively. */
  q?: string;
}

/** A severity's rank in SQL, 1 (info) to 5 (critical). */
export const SEVERITY_RANK = `array_position(ARRAY['${[...SEVERITIES].reverse().join("','")}'], alerts.severity)`;

/** What a list may be sorted on, and the SQL of each. */
export const ALERT_SORTS = {
  created_at: "alerts.created_at",
  updated_at: "alerts.updated_at",
  first_seen: "alerts.first_seen",
  last_seen: "alerts.last_seen",
  severity: SEVERITY_RANK,
  status: `array_position(ARRAY['${ALERT_STATUSES.join("','")}'], alerts.status)`,
  title: "lower(alerts.title)",
  rule_name: "lower(alerts.rule_name)",
  site_id: "alerts.site_id",
  matched_event_count: "alerts.matched_event_count",
  occurrences: "alerts.occurrences",
  assignee: "lower(sort_user.username)",
} as const;
export type AlertSort = keyof typeof ALERT_SORTS;

/** What a list sorted by assignee joins (one hash join rather than a lookup per row). */
export function alertSortJoin(sort: AlertSort | undefined): string {
  return sort === "assignee" ? "LEFT JOIN users AS sort_user ON sort_user.id = alerts.assignee_id" : "";
}

/** `%`, `_` and `\` taken literally inside an ILIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The WHERE clause of a filter ("" when it narrows nothing), its values appended to `params`. A rule id that
 * is not a UUID matches nothing (like an unknown one) rather than failing.
 */
export function alertWhere(filter: AlertFilter, params: unknown[]): string {
  const bind = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (filter.status?.length) where.push(`alerts.status = ANY(${bind(filter.status)}::text[])`);
  if (filter.severity?.length) where.push(`alerts.severity = ANY(${bind(filter.severity)}::text[])`);
  if (filter.rule_id !== undefined)
    where.push(isUuid(filter.rule_id) ? `alerts.rule_id = ${bind(filter.rule_id)}` : "false");
  if (filter.technique !== undefined) where.push(techniqueWhere(filter.technique, bind));
  if (filter.group_value !== undefined) where.push(`alerts.group_value = ${bind(filter.group_value)}`);
  if (filter.site_id !== undefined) where.push(`alerts.site_id = ${bind(filter.site_id)}`);
  if (filter.assignee === "unassigned") where.push("alerts.assignee_id IS NULL");
  else if (filter.assignee) where.push(`alerts.assignee_id = ${bind(filter.assignee.id)}`);
  if (filter.from) where.push(`alerts.last_seen >= ${bind(filter.from)}`);
  if (filter.to) where.push(`alerts.first_seen <= ${bind(filter.to)}`);
  for (const word of (filter.q ?? "").split(/\s+/).filter(Boolean)) {
    const pattern = bind(`%${likeLiteral(word)}%`);
    where.push(`(alerts.title ILIKE ${pattern} OR alerts.group_value ILIKE ${pattern})`);
  }
  return where.length ? `WHERE ${where.join(" AND ")}` : "";
}

/** Alerts whose rule is tagged with the technique, or (for a technique) with one of its sub-techniques. */
function techniqueWhere(technique: string, bind: (value: unknown) => string): string {
  const id = technique.trim().toUpperCase();
  const subtechniques = id.includes(".") ? "" : ` OR upper(trim(tag)) LIKE ${bind(`${id}.%`)}`;
  // The few rules first, then their alerts (by the rule index), rather than a look-up per alert.
  return `alerts.rule_id IN (SELECT rules.id FROM rules WHERE EXISTS (
    SELECT 1 FROM unnest(rules.mitre_techniques) AS tag WHERE upper(trim(tag)) = ${bind(id)}${subtechniques}))`;
}

/** The ORDER BY of a list: the chosen key, then newest first so that pages never overlap. */
export function alertOrder(sort: AlertSort = "created_at", order: "asc" | "desc" = "desc"): string {
  const direction = order === "asc" ? "ASC" : "DESC";
  const tieBreak = "alerts.created_at DESC, alerts.id DESC";
  if (sort === "created_at") return `ORDER BY alerts.created_at ${direction}, alerts.id ${direction}`;
  return `ORDER BY ${ALERT_SORTS[sort]} ${direction} NULLS LAST, ${tieBreak}`;
}
