-- Detection: correlation rules, the alerts they raise, each alert's status history, and the delivery
-- of each rule action (one row per action of an alert, one row per delivery attempt).

CREATE TABLE rules (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  description text,
  rule_type text NOT NULL CHECK (rule_type IN ('threshold', 'sequence', 'aggregation')),
  conditions jsonb NOT NULL,
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  enabled boolean NOT NULL DEFAULT true,
  mitre_tactic text,
  mitre_technique text,
  cooldown_seconds integer NOT NULL DEFAULT 300,
  actions jsonb NOT NULL DEFAULT '[]',
  trigger_count integer NOT NULL DEFAULT 0,
  last_triggered timestamptz,
  -- Why the engine disabled the rule (its evaluation threw); cleared when the rule is saved again.
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rules_name_key ON rules (lower(name));

-- No foreign key to rules: an alert outlives its rule (rule_name is kept).
CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  rule_id uuid NOT NULL,
  rule_name text NOT NULL,
  severity text NOT NULL,
  title text NOT NULL,
  group_value text NOT NULL,
  matched_event_ids uuid[] NOT NULL DEFAULT '{}',
  matched_event_count integer NOT NULL,
  -- Firings of the same rule and group merged into this alert while it was open.
  occurrences integer NOT NULL DEFAULT 1,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'acknowledged', 'investigating', 'resolved', 'false_positive')),
  site_id text,
  mitre_tactic text,
  mitre_technique text,
  acknowledged_by text,
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  notes text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX alerts_created_at_idx ON alerts (created_at DESC, id DESC);
CREATE INDEX alerts_status_idx ON alerts (status, created_at DESC);
CREATE INDEX alerts_rule_idx ON alerts (rule_id, created_at DESC);
CREATE INDEX alerts_site_idx ON alerts (site_id, created_at DESC);
CREATE INDEX alerts_severity_idx ON alerts (severity, created_at DESC);
-- At most one open alert per rule and group: repeated firings are merged into it.
CREATE UNIQUE INDEX alerts_open_group_key ON alerts (rule_id, group_value)
  WHERE status IN ('new', 'acknowledged', 'investigating');

CREATE TABLE alert_history (
  id uuid PRIMARY KEY,
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor text,
  from_status text,
  to_status text NOT NULL,
  notes text
);
CREATE INDEX alert_history_alert_idx ON alert_history (alert_id, at);

-- One row per action of an alert, with a snapshot of the action as the rule had it when it fired.
CREATE TABLE alert_actions (
  id uuid PRIMARY KEY,
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  position integer NOT NULL,
  type text NOT NULL,
  config jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  last_attempt_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX alert_actions_alert_idx ON alert_actions (alert_id, position);

CREATE TABLE alert_action_attempts (
  id uuid PRIMARY KEY,
  alert_action_id uuid NOT NULL REFERENCES alert_actions (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
  error text,
  duration_ms integer NOT NULL
);
CREATE INDEX alert_action_attempts_action_idx ON alert_action_attempts (alert_action_id, attempt);
