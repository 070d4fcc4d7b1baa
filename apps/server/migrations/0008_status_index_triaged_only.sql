-- Every event is stored with status 'new', so the status index cost each stored event one more b-tree
-- insertion for entries that select nothing: a list filtered on 'new' (nearly every row) reads the
-- time index and keeps what matches. Only triaged events (the rare statuses, which a filter picks out
-- of millions) are indexed now, and they enter the index when an analyst changes their status.
DROP INDEX events_status_idx;
CREATE INDEX events_triaged_idx ON events (status, "timestamp" DESC) WHERE status <> 'new';
