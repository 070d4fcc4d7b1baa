-- `raw`, the record as its sender sent it, is kept as `json` rather than `jsonb` (docs/adr/0030-raw-kept-as-sent.md).
-- Nothing filters or indexes on it: it is shown, exported and read by a few paths (`raw.host.ip`), which
-- `json` serves as well. `jsonb` made PostgreSQL parse every document into its binary form on ingest, the
-- largest part of its work per event: COPY of 5,000 Windows events took 300 ms into `jsonb`, 180 ms into
-- `json` (generator events 115 → 59 ms). `json` also keeps the document as sent: key order and all.
-- Rewrites the stored events once.
ALTER TABLE events ALTER COLUMN raw DROP DEFAULT;
ALTER TABLE events ALTER COLUMN raw TYPE json USING raw::json;
ALTER TABLE events ALTER COLUMN raw SET DEFAULT '{}'::json;
