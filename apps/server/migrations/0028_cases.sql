-- Cases (docs/CASES.md, ADR 0028): an investigation gathering alerts, pinned events, notes, a task checklist
-- and observables, with a timeline merged from those tables at read time.
CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  -- What analysts say aloud: CASE-<number>.
  number integer NOT NULL UNIQUE DEFAULT nextval('case_number_seq'),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
  assignee_id uuid REFERENCES users (id) ON DELETE SET NULL,
  closing_reason text CHECK (closing_reason IN ('true_positive', 'false_positive', 'benign', 'duplicate', 'other')),
  -- The user (NULL once deleted) and the username at the time.
  created_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
  created_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  -- A closed case says why; an open one has no reason.
  CHECK ((status = 'closed') = (closing_reason IS NOT NULL AND closed_at IS NOT NULL))
);
ALTER SEQUENCE case_number_seq OWNED BY cases.number;
CREATE INDEX cases_updated_idx ON cases (updated_at DESC, id DESC);
CREATE INDEX cases_status_idx ON cases (status, updated_at DESC);
CREATE INDEX cases_assignee_idx ON cases (assignee_id, updated_at DESC);

CREATE TABLE case_alerts (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  added_by text,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, alert_id)
);
CREATE INDEX case_alerts_alert_idx ON case_alerts (alert_id);

-- Events live in daily partitions (ADR 0002) and may be dropped by retention: no foreign key; the event's
-- timestamp is kept so that reading it prunes to one partition.
CREATE TABLE case_events (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  event_id uuid NOT NULL,
  event_timestamp timestamptz NOT NULL,
  pinned_by text,
  pinned_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, event_id)
);

CREATE TABLE case_notes (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  author text,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at);

CREATE TABLE case_tasks (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  title text NOT NULL,
  position integer NOT NULL,
  done boolean NOT NULL DEFAULT false,
  done_by text,
  done_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX case_tasks_case_idx ON case_tasks (case_id, position);

CREATE TABLE case_observables (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('ip', 'host', 'user', 'hash', 'domain', 'url')),
  value text NOT NULL,
  -- Where it came from: an alert, an event, or NULL for both when added by hand.
  alert_id uuid,
  event_id uuid,
  added_by text,
  created_at timestamptz NOT NULL,
  UNIQUE (case_id, kind, value)
);

-- The case's own changes (created, status, severity, assignee, title, closing reason): the timeline's
-- status changes, beside the audit log which an analyst cannot read.
CREATE TABLE case_changes (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  field text NOT NULL,
  from_value text,
  to_value text,
  by_name text,
  at timestamptz NOT NULL
);
CREATE INDEX case_changes_case_idx ON case_changes (case_id, at);
