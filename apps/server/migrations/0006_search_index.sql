-- Full-text search off the ingest path (docs/adr/0007-search-index-off-the-ingest-path.md).
-- Computing the search vector and its GIN entries took half of PostgreSQL's time per stored event.
-- Ingest now records each written batch in `search_backlog` (one row per batch, in the same
-- statement as the events); the search indexer moves batches from there into `event_search`.
-- Search reads `event_search` and computes the vector of the backlog's events on the fly, so an
-- event is searchable as soon as its ingest is acknowledged.

-- The one definition of what free text is searched (CONTRACT §4.1 `/logs/search`).
CREATE FUNCTION event_document(event_type text, message text, hostname text, username text,
  source_ip text, dest_ip text, raw_log text, normalized jsonb) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT to_tsvector('simple',
      event_type || ' ' || coalesce(message, '') || ' ' || coalesce(hostname, '') || ' ' ||
      coalesce(username, '') || ' ' || coalesce(source_ip, '') || ' ' || coalesce(dest_ip, '') || ' ' ||
      coalesce(left(raw_log, 4096), ''))
    || jsonb_to_tsvector('simple', normalized, '["string", "numeric"]')
$fn$;

-- Partitioned by the event's day like `events`, so that retention drops both together.
CREATE TABLE event_search (
  id uuid NOT NULL,
  "timestamp" timestamptz NOT NULL,
  document tsvector NOT NULL
) PARTITION BY RANGE ("timestamp");
CREATE INDEX event_search_document_idx ON event_search USING gin (document);

CREATE TABLE search_backlog (
  batch bigserial PRIMARY KEY,
  first_ts timestamptz NOT NULL,
  last_ts timestamptz NOT NULL,
  ids uuid[] NOT NULL
);

-- Existing days: one search partition per events partition, filled from the generated column.
DO $do$
DECLARE
  part record;
BEGIN
  FOR part IN
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'events'
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF event_search %s',
      replace(part.name, 'events_p', 'event_search_p'), part.bound);
  END LOOP;
END
$do$;
INSERT INTO event_search (id, "timestamp", document) SELECT id, "timestamp", search FROM events;

ALTER TABLE events DROP COLUMN search;
