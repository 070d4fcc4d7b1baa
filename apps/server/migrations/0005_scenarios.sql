-- Scenario runs: one row per playback of a catalogue playbook, updated as it goes so every node sees
-- progress and controls; a run whose node stopped heartbeating is marked stopped (crash recovery).

CREATE TABLE scenario_runs (
  id uuid PRIMARY KEY,
  filename text NOT NULL,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'paused', 'completed', 'stopped', 'error')),
  speed double precision NOT NULL CHECK (speed >= 0.1 AND speed <= 10),
  site_id text NOT NULL,
  events_generated integer NOT NULL DEFAULT 0,
  event_count integer NOT NULL,
  -- No foreign key: a run's history outlives the user who started it.
  started_by uuid,
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz,
  error text
);
CREATE INDEX scenario_runs_active_idx ON scenario_runs (updated_at) WHERE status IN ('running', 'paused');
