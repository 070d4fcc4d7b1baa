-- Alert triage at scale (docs/ALERTS.md, ADR 0021): an alert has an assignee; its history becomes a timeline
-- of status changes, notes and assignments; and it keeps the entities (hosts, addresses, users) it involves, so
-- the alerts sharing one are found through an index instead of by reading their events.
ALTER TABLE alerts ADD COLUMN assignee_id uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE alerts ADD COLUMN assigned_at timestamptz;
ALTER TABLE alerts ADD COLUMN entities text[] NOT NULL DEFAULT '{}';
CREATE INDEX alerts_assignee_idx ON alerts (assignee_id, created_at DESC);
CREATE INDEX alerts_last_seen_idx ON alerts (last_seen DESC);
CREATE INDEX alerts_entities_idx ON alerts USING gin (entities);

ALTER TABLE alert_history ADD COLUMN kind text NOT NULL DEFAULT 'status'
  CHECK (kind IN ('status', 'note', 'assignment'));
ALTER TABLE alert_history ALTER COLUMN to_status DROP NOT NULL;
-- For an assignment: the username assigned at the time (NULL: unassigned).
ALTER TABLE alert_history ADD COLUMN assignee text;

-- The entities of an alert, as `host:<name>`, `ip:<address>`, `user:<name>` (lower case): from its group fields
-- first, then from its newest 50 matched events; at most 64. Shared by the raise statement and the backfill below.
CREATE FUNCTION vigie_alert_entities(fields jsonb, event_ids uuid[]) RETURNS text[] LANGUAGE sql STABLE AS $fn$
  SELECT coalesce(array_agg(entity ORDER BY source, entity), '{}') FROM (
    SELECT entity, min(source) AS source FROM (
      SELECT 0 AS source, lower(CASE f.key
          WHEN 'hostname' THEN 'host:' WHEN 'username' THEN 'user:'
          WHEN 'source_ip' THEN 'ip:' WHEN 'dest_ip' THEN 'ip:' END || f.value) AS entity
        FROM jsonb_each_text(coalesce(fields, '{}'::jsonb)) AS f
      UNION ALL
      SELECT 1, lower(unnest(ARRAY['host:' || e.hostname, 'user:' || e.username,
                                   'ip:' || e.source_ip, 'ip:' || e.dest_ip]))
        FROM events e
        WHERE e.id = ANY(event_ids[greatest(1, cardinality(event_ids) - 49):])
    ) AS found
    WHERE entity IS NOT NULL AND entity !~ ':\s*$'
    GROUP BY entity
    ORDER BY min(source), entity
    LIMIT 64
  ) AS kept
$fn$;

-- Both lists, first one's entities first, at most 64: what a merge into an open alert keeps.
CREATE FUNCTION vigie_merge_entities(kept text[], added text[]) RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
  SELECT coalesce(array_agg(entity ORDER BY position), '{}') FROM (
    SELECT entity, min(position) AS position
    FROM unnest(kept || added) WITH ORDINALITY AS u(entity, position)
    GROUP BY entity
    ORDER BY min(position)
    LIMIT 64
  ) AS merged
$fn$;

UPDATE alerts SET entities = vigie_alert_entities(group_fields, matched_event_ids);
