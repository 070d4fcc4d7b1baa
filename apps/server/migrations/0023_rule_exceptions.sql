-- Rule exceptions (docs/RULES.md "Exceptions", ADR 0023): per rule, an allow-list condition (the condition
-- language) with a reason, its author and an optional expiry. An event an active exception matches does not
-- count for that rule at all. Deleting the rule deletes its exceptions.
CREATE TABLE rule_exceptions (
  id uuid PRIMARY KEY,
  rule_id uuid NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
  condition jsonb NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) > 0),
  -- The author: the user (NULL once deleted) and the username at the time, kept like the audit log's actor.
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  author text,
  -- The alert it was made from, when made from one (alerts may be purged: no foreign key).
  from_alert_id uuid,
  enabled boolean NOT NULL DEFAULT true,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rule_exceptions_rule_idx ON rule_exceptions (rule_id, created_at);
