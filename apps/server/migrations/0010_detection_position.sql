-- Crash-safe detection (docs/adr/0005, addendum). The detection position is the set of stored events
-- whose evaluation has not been committed yet: `detection_pending`, one row per event, written by the
-- same statement that stores the event (a trigger, so every writer is covered) and deleted in the
-- transaction that stores the alerts their evaluation raised. After a crash, the engine evaluates what
-- is still pending WITH firing, and rebuilds its state from the other events without firing.
CREATE TABLE detection_pending (
  id uuid PRIMARY KEY,
  -- Event time, to read the event from its day partition.
  "timestamp" timestamptz NOT NULL,
  -- When the event was stored: rows left pending long after it were missed (a lost bus message, a
  -- node that died mid-batch) and are recovered by the engine's sweep.
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX detection_pending_added_idx ON detection_pending (added_at);

-- The firings already stored, by rule and the event that completed them: evaluating an event again
-- (after a crash, or on two nodes) may find the same firing, which must not raise a second alert.
-- Rows are kept a day and a half (the longest window plus the longest cooldown).
CREATE TABLE detection_firings (
  rule_id uuid NOT NULL,
  event_id uuid NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, event_id)
);
CREATE INDEX detection_firings_stored_idx ON detection_firings (stored_at);

CREATE FUNCTION detection_pending_insert_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO detection_pending (id, "timestamp") SELECT id, "timestamp" FROM new_rows
    ON CONFLICT (id) DO NOTHING;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER events_detection_pending AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION detection_pending_insert_trigger();
