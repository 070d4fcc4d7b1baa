-- The condition language (docs/RULES.md): an alert keeps each field of its group key beside the readable
-- group value, and admins keep the value lists that `expand` placeholders stand for.
ALTER TABLE alerts ADD COLUMN group_fields jsonb NOT NULL DEFAULT '{}'::jsonb;

CREATE TABLE rule_placeholders (
  name text PRIMARY KEY,
  "values" jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
