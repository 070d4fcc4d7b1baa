-- Threat intelligence (docs/THREAT-INTEL.md, ADR 0026): indicator lists admins import. One row per kind,
-- normalised value and source list, so re-importing a list updates its rows instead of duplicating them.
CREATE TABLE indicators (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('ip', 'cidr', 'domain', 'url', 'hash')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 2048),
  source text NOT NULL CHECK (length(btrim(source)) BETWEEN 1 AND 100),
  confidence smallint NOT NULL DEFAULT 50 CHECK (confidence BETWEEN 0 AND 100),
  expires_at timestamptz,
  -- The import that first stored it: the look-back of that import covers it, and only it (exactly once).
  import_id uuid NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX indicators_kind_value_source_key ON indicators (kind, value, source);
CREATE INDEX indicators_source_idx ON indicators (source);

-- The default rule raising "indicator match" alerts. New installations get it with the default pack
-- (seeded after the migrations, only when there are no rules yet); existing ones get it here.
INSERT INTO rules (id, name, description, rule_type, conditions, severity, enabled, mitre_tactic,
  mitre_technique, cooldown_seconds, actions, mitre_tactics, mitre_techniques)
SELECT gen_random_uuid(), 'Threat Indicator Match',
  'An event carries an address, domain, URL or file hash listed in an imported indicator list (docs/THREAT-INTEL.md). What to do: check the event and the list''s source, isolate the host if the contact is confirmed, and block the indicator.',
  'threshold',
  '{"event_filter":{"all":[{"field":"threat_indicator","op":"exists","value":true}]},"threshold":1,"window_seconds":60,"group_by":"threat_indicator","across_sites":false}'::jsonb,
  'high', true, 'TA0011', 'T1071', 300, '[{"type":"log","config":{}}]'::jsonb, ARRAY['TA0011'], ARRAY['T1071']
WHERE EXISTS (SELECT 1 FROM rules)
ON CONFLICT DO NOTHING;
