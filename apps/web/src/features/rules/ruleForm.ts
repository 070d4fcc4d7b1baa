import {
  isConditionNode,
  type Rule,
  type RuleActionType,
  type RuleCreateInput,
  type RuleType,
  type Severity,
} from "@vigie/contracts";

/** One `field = value` line of an event filter as typed in the form. */
export interface FilterRow {
  field: string;
  value: string;
}

/** One action as typed in the form (recipients comma- or line-separated). */
export interface ActionRow {
  type: RuleActionType;
  recipients: string;
  url: string;
  secret: string;
}

/** Everything the rule form edits, as text, whatever the rule type. */
export interface RuleFormState {
  name: string;
  description: string;
  rule_type: RuleType;
  severity: Severity;
  enabled: boolean;
  mitre_tactic: string;
  mitre_technique: string;
  cooldown_seconds: string;
  window_seconds: string;
  group_by: string;
  event_filter: FilterRow[];
  /**
   * The rule's own filter as a condition tree (JSON text, docs/RULES.md) when rows of `field = value` cannot
   * say it (a Sigma rule, a rule made from a search); empty: the rows are the filter.
   */
  event_condition: string;
  threshold: string;
  aggregation_field: string;
  /** First seen: the fields whose values must be new, comma-separated. */
  fields: string;
  history_days: string;
  /** Empty: the history. */
  learning_days: string;
  steps: { event_filter: FilterRow[]; count: string }[];
  actions: ActionRow[];
}

/** A blank form: a threshold rule over five minutes grouped by source IP. */
export function emptyRuleForm(): RuleFormState {
  return {
    name: "",
    description: "",
    rule_type: "threshold",
    severity: "medium",
    enabled: true,
    mitre_tactic: "",
    mitre_technique: "",
    cooldown_seconds: "300",
    window_seconds: "300",
    group_by: "source_ip",
    event_filter: [{ field: "event_type", value: "" }],
    event_condition: "",
    threshold: "5",
    aggregation_field: "dest_ip",
    fields: "normalized.source_country",
    history_days: "30",
    learning_days: "",
    steps: [
      { event_filter: [{ field: "event_type", value: "" }], count: "1" },
      { event_filter: [{ field: "event_type", value: "" }], count: "1" },
    ],
    actions: [],
  };
}

/** Filter rows → `{field: value}`, skipping rows with no field name. */
export function toEventFilter(rows: FilterRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) if (row.field.trim()) out[row.field.trim()] = row.value;
  return out;
}

/** The rule's own filter: the condition tree when there is one (unreadable JSON goes as text, and the schema names it), else the rows. */
function ownFilter(s: RuleFormState): unknown {
  if (!s.event_condition.trim()) return toEventFilter(s.event_filter);
  try {
    return JSON.parse(s.event_condition);
  } catch {
    return s.event_condition;
  }
}

const toRows = (filter: Record<string, unknown>): FilterRow[] =>
  Object.entries(filter).map(([field, value]) => ({ field, value: value === null ? "" : String(value) }));

/** Form text → number; invalid text becomes NaN so the schema reports it on the right field. */
const num = (text: string): number => (text.trim() === "" ? Number.NaN : Number(text));

const splitList = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Builds the conditions of each rule type from the form (a registry, one entry per type). */
const CONDITION_BUILDERS: Record<RuleType, (s: RuleFormState) => RuleCreateInput["conditions"]> = {
  threshold: (s) => ({
    event_filter: ownFilter(s),
    threshold: num(s.threshold),
    window_seconds: num(s.window_seconds),
    group_by: s.group_by.trim(),
  }),
  sequence: (s) => ({
    steps: s.steps.map((step) => ({
      event_filter: toEventFilter(step.event_filter),
      count: num(step.count),
    })),
    window_seconds: num(s.window_seconds),
    group_by: s.group_by.trim(),
  }),
  aggregation: (s) => ({
    event_filter: ownFilter(s),
    aggregation: "count_distinct",
    aggregation_field: s.aggregation_field.trim(),
    threshold: num(s.threshold),
    window_seconds: num(s.window_seconds),
    group_by: s.group_by.trim(),
  }),
  first_seen: (s) => ({
    event_filter: ownFilter(s),
    fields: splitList(s.fields),
    history_days: num(s.history_days),
    ...(s.learning_days.trim() ? { learning_days: num(s.learning_days) } : {}),
    group_by: s.group_by.trim(),
  }),
};

/** Builds each action's config (a registry keyed by action type). */
const ACTION_BUILDERS: Record<
  RuleActionType,
  (a: ActionRow) => RuleCreateInput["actions"] extends (infer A)[] | undefined ? A : never
> = {
  log: () => ({ type: "log", config: {} }),
  email: (a) => ({ type: "email", config: { recipients: splitList(a.recipients) } }),
  webhook: (a) => ({
    type: "webhook",
    config: { url: a.url.trim(), ...(a.secret ? { secret: a.secret } : {}) },
  }),
};

/** The `POST /rules` body the form describes. */
export function toRuleCreate(s: RuleFormState): RuleCreateInput {
  return {
    name: s.name.trim(),
    description: s.description.trim() || null,
    rule_type: s.rule_type,
    severity: s.severity,
    enabled: s.enabled,
    mitre_tactic: s.mitre_tactic.trim() || null,
    mitre_technique: s.mitre_technique.trim() || null,
    cooldown_seconds: num(s.cooldown_seconds),
    conditions: CONDITION_BUILDERS[s.rule_type](s),
    actions: s.actions.map((a) => ACTION_BUILDERS[a.type](a)),
  } as RuleCreateInput;
}

/** A stored rule back into form text, for editing. */
export function fromRule(rule: Rule): RuleFormState {
  const base = emptyRuleForm();
  const c = rule.conditions as Record<string, unknown>;
  const steps = Array.isArray(c.steps)
    ? (c.steps as { event_filter: Record<string, unknown>; count: number }[])
    : null;
  return {
    ...base,
    name: rule.name,
    description: rule.description ?? "",
    rule_type: rule.rule_type,
    severity: rule.severity,
    enabled: rule.enabled,
    mitre_tactic: rule.mitre_tactic ?? "",
    mitre_technique: rule.mitre_technique ?? "",
    cooldown_seconds: String(rule.cooldown_seconds),
    window_seconds: String(c.window_seconds ?? base.window_seconds),
    group_by: String(c.group_by ?? ""),
    event_filter: isConditionNode(c.event_filter)
      ? []
      : c.event_filter
        ? toRows(c.event_filter as Record<string, unknown>)
        : base.event_filter,
    event_condition: isConditionNode(c.event_filter) ? JSON.stringify(c.event_filter, null, 2) : "",
    threshold: String(c.threshold ?? base.threshold),
    aggregation_field: String(c.aggregation_field ?? base.aggregation_field),
    fields: Array.isArray(c.fields) ? c.fields.join(", ") : base.fields,
    history_days: String(c.history_days ?? base.history_days),
    learning_days: c.learning_days === undefined ? "" : String(c.learning_days),
    steps: steps
      ? steps.map((st) => ({ event_filter: toRows(st.event_filter), count: String(st.count) }))
      : base.steps,
    actions: rule.actions.map((a) => ({
      type: a.type,
      recipients: a.type === "email" ? a.config.recipients.join(", ") : "",
      url: a.type === "webhook" ? a.config.url : "",
      secret: a.type === "webhook" ? (a.config.secret ?? "") : "",
    })),
  };
}

/** Zod issue paths (`["conditions", "steps", 0, "count"]`) in the API's `details.field` form. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}
