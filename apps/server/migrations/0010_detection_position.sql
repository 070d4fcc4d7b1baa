-- Crash-safe detection (docs/adr/0005, addendum). The detection position is the set of stored events
-- whose evaluation has not been committed yet: `detection_pending`, one row per event, written by the
-- same statement that stores the event (a trigger, so every writer is covered) and deleted in the
-- transaction that stores the alerts their evaluation raised (only an event that transaction took out
-- of the set may raise: an event evaluated twice raises once). After a crash, the engine evaluates
-- what is still pending WITH firing, and rebuilds its state from the other events without firing.
CREATE TABLE detection_pending (
  id uuid PRIMARY KEY,
  -- Event time, to read the event from its day partition.
  "timestamp" timestamptz NOT NULL,
  -- When the event was stored: rows left pending long after it were missed (a lost bus message, a
  -- node that died mid-batch) and are recovered by the engine's sweep.
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX detection_pending_added_idx ON detection_pending (added_at);

CREATE FUNCTION detection_pending_insert_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO detection_pending (id, "timestamp") SELECT id, "timestamp" FROM new_rows
    ON CONFLICT (id) DO NOTHING;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER events_detection_pending AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION detection_pending_insert_trigger();
