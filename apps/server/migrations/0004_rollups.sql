-- Dashboard rollups: event counts pre-aggregated by time bucket, kept exact by statement-level
-- triggers on `events` in the same transaction as the write (docs/adr/0004-dashboard-rollups.md).
-- Buckets are aligned on UTC (5 minutes, 1 hour, 1 day). A NULL site is stored as '' because
-- primary-key columns cannot be NULL (real site ids are never empty).

-- All sites together: what the dashboards read when no site is asked for (31× fewer rows).
CREATE TABLE event_totals_5m (
  bucket timestamptz NOT NULL,
  severity text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, severity)
);
CREATE TABLE event_totals_1h (
  bucket timestamptz NOT NULL,
  severity text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, severity)
);
CREATE TABLE event_totals_1d (
  bucket timestamptz NOT NULL,
  severity text NOT NULL,
  source_type text NOT NULL,
  status text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, severity, source_type, status)
);

-- Per site: keyed by site first so that one site's range is one index range; by bucket for all sites.
CREATE TABLE event_rollups_5m (
  site_id text NOT NULL,
  bucket timestamptz NOT NULL,
  severity text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (site_id, bucket, severity)
);
CREATE INDEX event_rollups_5m_bucket_idx ON event_rollups_5m (bucket);
CREATE TABLE event_rollups_1h (
  site_id text NOT NULL,
  bucket timestamptz NOT NULL,
  severity text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (site_id, bucket, severity)
);
CREATE INDEX event_rollups_1h_bucket_idx ON event_rollups_1h (bucket);
CREATE TABLE event_rollups_1d (
  site_id text NOT NULL,
  bucket timestamptz NOT NULL,
  severity text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (site_id, bucket, severity)
);
CREATE INDEX event_rollups_1d_bucket_idx ON event_rollups_1d (bucket);
-- Per site and day with every dimension the AudioSOC v1 API's statistics break down by (source, status).
CREATE TABLE event_breakdown_1d (
  site_id text NOT NULL,
  bucket timestamptz NOT NULL,
  severity text NOT NULL,
  source_type text NOT NULL,
  status text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (site_id, bucket, severity, source_type, status)
);

-- Top sources: source IPs of all sites by hour and day, and per site by day.
CREATE TABLE source_ip_totals_1h (
  bucket timestamptz NOT NULL,
  source_ip text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, source_ip)
);
CREATE TABLE source_ip_totals_1d (
  bucket timestamptz NOT NULL,
  source_ip text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, source_ip)
);
CREATE TABLE source_ip_rollups_1d (
  site_id text NOT NULL,
  bucket timestamptz NOT NULL,
  source_ip text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (site_id, bucket, source_ip)
);

-- One upsert of a rollup from signed counts (`d`), in primary-key order so that concurrent writers
-- wait for each other instead of deadlocking. `key` is the primary key, `source` the CTE to read.
CREATE FUNCTION event_rollups_upsert_sql(rollup text, grain interval, key text[], source text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format(
    'INSERT INTO %1$I AS r (%2$s, count) SELECT %3$s, sum(d) FROM %4$I GROUP BY %5$s HAVING sum(d) <> 0 '
      'ORDER BY %5$s ON CONFLICT (%2$s) DO UPDATE SET count = r.count + excluded.count',
    rollup,
    array_to_string(key, ', '),
    (SELECT string_agg(CASE WHEN k = 'bucket' THEN format('date_bin(%L, ts, %L)', grain, '2000-01-01Z') ELSE quote_ident(k) END, ', ' ORDER BY n)
       FROM unnest(key) WITH ORDINALITY AS c(k, n)),
    source,
    (SELECT string_agg(n::text, ', ') FROM generate_series(1, cardinality(key)) AS n))
$fn$;

-- The one statement folding a delta into every rollup (the registry of rollups, as in rollup-sql.ts).
-- The delta is first summed at the finest grain of each family (`events_5m`, `ips_1h`), so that the
-- ten upserts each group a few hundred rows rather than every row written.
CREATE FUNCTION event_rollups_apply_sql(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format('WITH delta AS (%s), '
      'events_5m AS MATERIALIZED (SELECT date_bin(''5 minutes'', ts, ''2000-01-01Z'') AS ts, site_id, severity, '
      'source_type, status, sum(d) AS d FROM delta GROUP BY 1, 2, 3, 4, 5), '
      'ips_1h AS MATERIALIZED (SELECT date_bin(''1 hour'', ts, ''2000-01-01Z'') AS ts, site_id, source_ip, sum(d) AS d '
      'FROM delta WHERE source_ip IS NOT NULL GROUP BY 1, 2, 3), ', delta)
    || string_agg(format('u%s AS (%s)', n, event_rollups_upsert_sql(rollup, grain, key, source)), ', ' ORDER BY n)
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
  ) AS rollups (n, rollup, grain, key, source)
$fn$;

-- The columns of delta rows read from a relation (a transition table, or `events` itself).
CREATE FUNCTION event_rollups_delta_sql(relation text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format('SELECT "timestamp" AS ts, coalesce(site_id, '''') AS site_id, severity, source_type, status, source_ip, %s AS d FROM %I', sign, relation)
$fn$;

-- Statement-level: one aggregation per INSERT/UPDATE/DELETE statement, whatever its row count.
-- An UPDATE adds its new rows and subtracts its old ones; changes that move no count cancel out.
CREATE FUNCTION event_rollups_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE event_rollups_apply_sql(CASE TG_OP
    WHEN 'INSERT' THEN event_rollups_delta_sql('new_rows', 1)
    WHEN 'DELETE' THEN event_rollups_delta_sql('old_rows', -1)
    ELSE event_rollups_delta_sql('new_rows', 1) || ' UNION ALL ' || event_rollups_delta_sql('old_rows', -1)
  END);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER events_rollups_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_trigger();
CREATE TRIGGER events_rollups_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_trigger();
CREATE TRIGGER events_rollups_delete AFTER DELETE ON events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_trigger();

-- Recomputes every rollup from `events`: after a bulk load with the insert trigger disabled, or
-- after partitions were dropped (retention). Blocks writes to `events` while it runs.
CREATE FUNCTION event_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  LOCK TABLE events IN SHARE MODE;
  TRUNCATE event_totals_5m, event_totals_1h, event_totals_1d, event_rollups_5m, event_rollups_1h, event_rollups_1d,
    event_breakdown_1d, source_ip_totals_1h, source_ip_totals_1d, source_ip_rollups_1d;
  EXECUTE event_rollups_apply_sql(event_rollups_delta_sql('events', 1));
END
$fn$;

-- Retention drops whole partitions, which fires no trigger: it then forgets the same days here.
CREATE FUNCTION event_rollups_forget_before(cutoff timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  rollup text;
BEGIN
  FOREACH rollup IN ARRAY ARRAY['event_totals_5m', 'event_totals_1h', 'event_totals_1d', 'event_rollups_5m',
    'event_rollups_1h', 'event_rollups_1d', 'event_breakdown_1d', 'source_ip_totals_1h', 'source_ip_totals_1d',
    'source_ip_rollups_1d'] LOOP
    EXECUTE format('DELETE FROM %I WHERE bucket < $1', rollup) USING cutoff;
  END LOOP;
END
$fn$;

-- The events list filtered by site and severity (the per-centre triage view): one index range
-- instead of intersecting two large bitmaps; also serves site + severity + another filter.
CREATE INDEX events_site_severity_idx ON events (site_id, severity, "timestamp" DESC);

-- Databases that already hold events start with exact rollups.
SELECT event_rollups_rebuild();
