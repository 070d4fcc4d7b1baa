-- Idempotent ingest (issue 18, docs/adr/0011): one row per client event id a sender claimed, written
-- in the transaction that stores the event, so the database arbitrates between retries, requests
-- in flight together and nodes. `client_id` is `e:<event_id>` or `k:<Idempotency-Key>#<position>`;
-- `scope` is the ingest token (two senders' ids never collide). Rows older than the idempotency
-- window no longer count and are purged by retention.
CREATE TABLE ingest_claims (
  scope text NOT NULL,
  client_id text NOT NULL,
  event_id uuid NOT NULL,
  event_ts timestamptz NOT NULL,
  fingerprint text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, client_id)
);
CREATE INDEX ingest_claims_claimed_at ON ingest_claims (claimed_at);
