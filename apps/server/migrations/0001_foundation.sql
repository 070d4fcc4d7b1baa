-- Foundation: events (partitioned by day), users, sites, ingest tokens, dead letters, settings.

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sites (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text,
  networks text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL,
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'analyst')),
  is_active boolean NOT NULL DEFAULT true,
  last_login timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE ingest_tokens (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  site_id text REFERENCES sites (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Records the pipeline refused, with the reason, so nothing submitted disappears silently.
CREATE TABLE dead_letters (
  id uuid PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  receiver text NOT NULL,
  client_ip text,
  reason text NOT NULL,
  payload jsonb
);
CREATE INDEX dead_letters_received_at_idx ON dead_letters (received_at DESC);

-- Range-partitioned by event day: retention drops whole partitions; partitions are created on demand.
CREATE TABLE events (
  id uuid NOT NULL,
  "timestamp" timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  site_id text,
  source_type text NOT NULL,
  event_type text NOT NULL,
  severity text NOT NULL,
  status text NOT NULL DEFAULT 'new',
  assigned_to text,
  source_ip text,
  dest_ip text,
  source_port integer,
  dest_port integer,
  hostname text,
  username text,
  message text,
  raw jsonb NOT NULL DEFAULT '{}',
  raw_log text,
  normalized jsonb NOT NULL DEFAULT '{}',
  metadata jsonb NOT NULL DEFAULT '{}',
  mitre_tactic text,
  mitre_technique text,
  scenario_run_id uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple',
      event_type || ' ' || coalesce(message, '') || ' ' || coalesce(hostname, '') || ' ' ||
      coalesce(username, '') || ' ' || coalesce(source_ip, '') || ' ' || coalesce(dest_ip, '') || ' ' ||
      coalesce(left(raw_log, 4096), ''))
    || jsonb_to_tsvector('simple', normalized, '["string", "numeric"]')
  ) STORED,
  PRIMARY KEY (id, "timestamp")
) PARTITION BY RANGE ("timestamp");

CREATE INDEX events_timestamp_idx ON events ("timestamp" DESC);
CREATE INDEX events_site_idx ON events (site_id, "timestamp" DESC);
CREATE INDEX events_source_type_idx ON events (source_type, "timestamp" DESC);
CREATE INDEX events_severity_idx ON events (severity, "timestamp" DESC);
CREATE INDEX events_event_type_idx ON events (event_type, "timestamp" DESC);
CREATE INDEX events_status_idx ON events (status, "timestamp" DESC);
CREATE INDEX events_source_ip_idx ON events (source_ip, "timestamp" DESC) WHERE source_ip IS NOT NULL;
CREATE INDEX events_dest_ip_idx ON events (dest_ip, "timestamp" DESC) WHERE dest_ip IS NOT NULL;
CREATE INDEX events_hostname_idx ON events (hostname, "timestamp" DESC) WHERE hostname IS NOT NULL;
CREATE INDEX events_username_idx ON events (username, "timestamp" DESC) WHERE username IS NOT NULL;
CREATE INDEX events_scenario_run_idx ON events (scenario_run_id) WHERE scenario_run_id IS NOT NULL;
CREATE INDEX events_search_idx ON events USING gin (search);
