-- First-seen rules (docs/RULES.md "First seen", ADR 0029): a fourth rule type. Their seen values live in
-- the window store, rebuilt at start from the stored events of their history: no table.
ALTER TABLE rules DROP CONSTRAINT IF EXISTS rules_rule_type_check;
ALTER TABLE rules ADD CONSTRAINT rules_rule_type_check
  CHECK (rule_type IN ('threshold', 'sequence', 'aggregation', 'first_seen'));

-- The default rule "VPN Logon From a New Country". New installations get it with the default pack (seeded
-- after the migrations, only when there are no rules yet); existing ones get it here.
INSERT INTO rules (id, name, description, rule_type, conditions, severity, enabled, mitre_tactic,
  mitre_technique, cooldown_seconds, actions, mitre_tactics, mitre_techniques)
SELECT gen_random_uuid(), 'VPN Logon From a New Country',
  'A user logged on through the VPN from a country not seen for them in the last 30 days (the country of the source address, docs/OPERATIONS.md "Enrichment"); the rule learns for 30 days first, from the stored logons. What to do: ask the user whether they are travelling, and if not, reset their password, end their VPN sessions and check what the session reached.',
  'first_seen',
  '{"event_filter":{"any":[{"field":"event_type","value":"vpn_tunnel_up"},{"all":[{"field":"event_type","value":"login_success"},{"any":[{"field":"normalized.service","value":"vpn"},{"field":"normalized.service","op":"startswith","value":"globalprotect"}]}]}]},"fields":["normalized.source_country"],"history_days":30,"group_by":"username","across_sites":true}'::jsonb,
  'medium', true, 'TA0001', 'T1078', 300, '[{"type":"log","config":{}}]'::jsonb, ARRAY['TA0001', 'TA0003'],
  ARRAY['T1078', 'T1133']
WHERE EXISTS (SELECT 1 FROM rules)
ON CONFLICT DO NOTHING;
