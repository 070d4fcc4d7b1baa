-- The rollup triggers run one prepared statement instead of planning a new one each time
-- (docs/adr/0004, addendum). The trigger of 0004 built its SQL at every INSERT, UPDATE and DELETE
-- and ran it with EXECUTE, so PostgreSQL planned the eleven-part statement on every write: about
-- 2.7 ms of the database's CPU per flush, which was most of the cost of a flush of a few events
-- (single-event requests). The statements are now written into one trigger function per operation
-- when migrating, as static SQL, which PL/pgSQL plans once per connection and reuses.
-- `event_rollups_apply_sql` stays the one definition of the statement (the rebuild still uses it).

DO $do$
DECLARE
  op record;
BEGIN
  FOR op IN SELECT * FROM (VALUES
    ('insert', event_rollups_delta_sql('new_rows', 1)),
    ('delete', event_rollups_delta_sql('old_rows', -1)),
    ('update', event_rollups_delta_sql('new_rows', 1) || ' UNION ALL ' || event_rollups_delta_sql('old_rows', -1))
  ) AS ops (name, delta)
  LOOP
    EXECUTE format(
      'CREATE FUNCTION event_rollups_%s_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$ '
      'DECLARE done int; BEGIN %s INTO done; RETURN NULL; END $fn$',
      op.name, event_rollups_apply_sql(op.delta));
  END LOOP;
END
$do$;

DROP TRIGGER events_rollups_insert ON events;
DROP TRIGGER events_rollups_update ON events;
DROP TRIGGER events_rollups_delete ON events;
DROP FUNCTION event_rollups_trigger();
CREATE TRIGGER events_rollups_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_insert_trigger();
CREATE TRIGGER events_rollups_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_update_trigger();
CREATE TRIGGER events_rollups_delete AFTER DELETE ON events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_delete_trigger();
