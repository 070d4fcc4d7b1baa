-- Assets (docs/ASSETS.md, ADR 0024): the hosts of each site learnt from their events by the search indexer
-- (off the ingest path), with an admin-set criticality that raises the severity of alerts on them.
CREATE TABLE assets (
  -- The identity: a site and a lower-cased host name (an event without a site has the site '').
  site_id text NOT NULL,
  host text NOT NULL,
  -- The name as the newest event spelt it.
  display_name text NOT NULL,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  -- Newest first, at most 20 each (ingest/asset-learning.ts): a busy host stays one small row.
  ips text[] NOT NULL DEFAULT '{}',
  users text[] NOT NULL DEFAULT '{}',
  os text,
  event_count bigint NOT NULL DEFAULT 0,
  criticality text NOT NULL DEFAULT 'normal' CHECK (criticality IN ('low', 'normal', 'high', 'critical')),
  -- Who set the criticality (the user, NULL once deleted, and the username at the time) and when.
  set_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
  set_by text,
  set_at timestamptz,
  PRIMARY KEY (site_id, host)
  -- Room on each page and no index on what learning changes (seen times, lists, count): the indexer's
  -- updates stay HOT (no index write). The list sorts a few thousand rows by last_seen, cheaply.
) WITH (fillfactor = 50);
CREATE INDEX assets_criticality_idx ON assets (criticality) WHERE criticality <> 'normal';

-- The highest criticality among the assets named by an alert's `host:<name>` entities (its site's, or any
-- site's when the alert spans sites), or NULL when none is high or critical.
CREATE FUNCTION vigie_asset_criticality(site text, entities text[]) RETURNS text
LANGUAGE sql STABLE AS $fn$
  SELECT a.criticality FROM assets a
  WHERE a.host = ANY (ARRAY(SELECT substr(e, 6) FROM unnest(entities) AS e WHERE e LIKE 'host:%'))
    AND (site IS NULL OR a.site_id = site)
    AND a.criticality IN ('high', 'critical')
  ORDER BY a.criticality = 'critical' DESC
  LIMIT 1
$fn$;

-- A severity one step up (critical stays critical) when the asset criticality asks for it.
CREATE FUNCTION vigie_raised_severity(severity text, criticality text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN criticality IS NULL THEN severity ELSE CASE severity
    WHEN 'info' THEN 'low' WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high' ELSE 'critical' END END
$fn$;

-- Why an alert's severity was raised: the criticality of its host when high or critical (NULL otherwise).
ALTER TABLE alerts ADD COLUMN asset_criticality text;
