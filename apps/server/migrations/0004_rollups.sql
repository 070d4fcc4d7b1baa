-- Dashboard rollups: event counts pre-aggregated by time bucket, kept exact by statement-level
-- triggers on `events` (same transaction as the write; see docs/adr/0004-dashboard-rollups.md).
-- A NULL site is stored as '' because primary-key columns cannot be NULL.

-- Sub-hour timelines and the exact edges of ranges.
CREATE TABLE event_rollups_5m (
  bucket timestamptz NOT NULL,
  site_id text NOT NULL,
  severity text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, site_id, severity)
);

-- Hourly timelines, the heatmap, and the partial days of long ranges.
CREATE TABLE event_rollups_1h (
  bucket timestamptz NOT NULL,
  site_id text NOT NULL,
  severity text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, site_id, severity)
);

-- Whole days with every dimension the statistics break down by (seed A's by_source, by_status).
CREATE TABLE event_rollups_1d (
  bucket timestamptz NOT NULL,
  site_id text NOT NULL,
  severity text NOT NULL,
  source_type text NOT NULL,
  status text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, site_id, severity, source_type, status)
);

-- Top sources (source IPs) by hour and by day.
CREATE TABLE source_ip_rollups_1h (
  bucket timestamptz NOT NULL,
  site_id text NOT NULL,
  source_ip text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, site_id, source_ip)
);

CREATE TABLE source_ip_rollups_1d (
  bucket timestamptz NOT NULL,
  site_id text NOT NULL,
  source_ip text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, site_id, source_ip)
);

-- The one statement that folds signed event rows (`delta`: ts, site, severity, source_type,
-- status, source_ip, d = +1 or -1) into every rollup. Rows are upserted in key order so that
-- concurrent writers wait for each other instead of deadlocking.
CREATE FUNCTION event_rollups_apply_sql(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format($sql$
    WITH delta AS MATERIALIZED (%s),
    m5 AS (
      INSERT INTO event_rollups_5m AS r (bucket, site_id, severity, count)
      SELECT date_bin('5 minutes', ts, '2000-01-01Z'), site, severity, sum(d) FROM delta
      GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (bucket, site_id, severity) DO UPDATE SET count = r.count + excluded.count),
    h1 AS (
      INSERT INTO event_rollups_1h AS r (bucket, site_id, severity, count)
      SELECT date_bin('1 hour', ts, '2000-01-01Z'), site, severity, sum(d) FROM delta
      GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (bucket, site_id, severity) DO UPDATE SET count = r.count + excluded.count),
    d1 AS (
      INSERT INTO event_rollups_1d AS r (bucket, site_id, severity, source_type, status, count)
      SELECT date_bin('1 day', ts, '2000-01-01Z'), site, severity, source_type, status, sum(d) FROM delta
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (bucket, site_id, severity, source_type, status) DO UPDATE SET count = r.count + excluded.count),
    ip1h AS (
      INSERT INTO source_ip_rollups_1h AS r (bucket, site_id, source_ip, count)
      SELECT date_bin('1 hour', ts, '2000-01-01Z'), site, source_ip, sum(d) FROM delta WHERE source_ip IS NOT NULL
      GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (bucket, site_id, source_ip) DO UPDATE SET count = r.count + excluded.count),
    ip1d AS (
      INSERT INTO source_ip_rollups_1d AS r (bucket, site_id, source_ip, count)
      SELECT date_bin('1 day', ts, '2000-01-01Z'), site, source_ip, sum(d) FROM delta WHERE source_ip IS NOT NULL
      GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (bucket, site_id, source_ip) DO UPDATE SET count = r.count + excluded.count)
    SELECT 1 $sql$, delta)
$fn$;

-- Columns of a delta row, read from the transition tables or from `events`.
CREATE FUNCTION event_rollups_delta_sql(relation text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT format('SELECT "timestamp" AS ts, coalesce(site_id, '''') AS site, severity, source_type, status, source_ip, %s AS d FROM %s', sign, relation)
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

-- Recomputes every rollup from `events` (bulk loads with the triggers disabled, repairs after
-- partitions were dropped). Locks `events` against writes while it runs.
CREATE FUNCTION event_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  LOCK TABLE events IN SHARE MODE;
  TRUNCATE event_rollups_5m, event_rollups_1h, event_rollups_1d, source_ip_rollups_1h, source_ip_rollups_1d;
  EXECUTE event_rollups_apply_sql(event_rollups_delta_sql('events', 1));
END
$fn$;

-- Databases that already hold events start with exact rollups.
SELECT event_rollups_rebuild();
