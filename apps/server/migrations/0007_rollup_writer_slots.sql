-- Concurrent ingest writes no longer wait for each other on the rollup rows (docs/adr/0004, addendum).
-- Every flush of the group commit updates the same rollup rows (this 5-minute bucket, this severity…);
-- their upserts took row locks held until commit, so parallel flushes ran one after another. Each row
-- now also belongs to a writer `slot`: a flush sets `vigie.writer_slot` for its transaction (the
-- number of the flush among those in flight on its node) and upserts only rows of its slot. Readers
-- sum over slots, as they already sum over pieces of a range (modules/dashboard/rollup-sql.ts).
-- Writes without a slot (triage, the embedded engine's single connection, rebuilds) use slot 0.

DO $do$
DECLARE
  rollup record;
BEGIN
  FOR rollup IN
    SELECT c.conrelid::regclass::text AS name, c.conname AS pkey,
      (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)
         FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns
    FROM pg_constraint c
    WHERE c.contype = 'p' AND c.conrelid::regclass::text IN ('event_totals_5m', 'event_totals_1h',
      'event_totals_1d', 'event_rollups_5m', 'event_rollups_1h', 'event_rollups_1d', 'event_breakdown_1d',
      'source_ip_totals_1h', 'source_ip_totals_1d', 'source_ip_rollups_1d')
  LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN slot smallint NOT NULL DEFAULT 0', rollup.name);
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', rollup.name, rollup.pkey);
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (%s, slot)', rollup.name, rollup.columns);
  END LOOP;
END
$do$;

-- As in 0004, with the writer's slot as one more key of every rollup.
CREATE OR REPLACE FUNCTION event_rollups_apply_sql(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format('WITH delta AS (%s), '
      'events_5m AS MATERIALIZED (SELECT date_bin(''5 minutes'', ts, ''2000-01-01Z'') AS ts, site_id, severity, '
      'source_type, status, %s AS slot, sum(d) AS d FROM delta GROUP BY 1, 2, 3, 4, 5), '
      'ips_1h AS MATERIALIZED (SELECT date_bin(''1 hour'', ts, ''2000-01-01Z'') AS ts, site_id, source_ip, '
      '%s AS slot, sum(d) AS d FROM delta WHERE source_ip IS NOT NULL GROUP BY 1, 2, 3), ',
      delta, slot, slot)
    || string_agg(format('u%s AS (%s)', n, event_rollups_upsert_sql(rollup, grain, key || ARRAY['slot'], source)), ', ' ORDER BY n)
    || ' SELECT 1'
  FROM (VALUES
    (1, 'event_totals_5m', interval '5 minutes', ARRAY['bucket', 'severity'], 'events_5m'),
    (2, 'event_totals_1h', interval '1 hour', ARRAY['bucket', 'severity'], 'events_5m'),
    (3, 'event_totals_1d', interval '1 day', ARRAY['bucket', 'severity', 'source_type', 'status'], 'events_5m'),
    (4, 'event_rollups_5m', interval '5 minutes', ARRAY['site_id', 'bucket', 'severity'], 'events_5m'),
    (5, 'event_rollups_1h', interval '1 hour', ARRAY['site_id', 'bucket', 'severity'], 'events_5m'),
    (6, 'event_rollups_1d', interval '1 day', ARRAY['site_id', 'bucket', 'severity'], 'events_5m'),
    (7, 'event_breakdown_1d', interval '1 day', ARRAY['site_id', 'bucket', 'severity', 'source_type', 'status'], 'events_5m'),
    (8, 'source_ip_totals_1h', interval '1 hour', ARRAY['bucket', 'source_ip'], 'ips_1h'),
    (9, 'source_ip_totals_1d', interval '1 day', ARRAY['bucket', 'source_ip'], 'ips_1h'),
    (10, 'source_ip_rollups_1d', interval '1 day', ARRAY['site_id', 'bucket', 'source_ip'], 'ips_1h')
  ) AS rollups (n, rollup, grain, key, source),
  (SELECT 'coalesce(nullif(current_setting(''vigie.writer_slot'', true), ''''), ''0'')::smallint' AS slot) AS s
  GROUP BY slot
$fn$;
