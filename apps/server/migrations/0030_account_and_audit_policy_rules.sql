-- Default content for issue 16 (Windows lines of Wazuh's tests). New installations get both rules from
-- the default pack at first start (seeded only when there are no rules yet); existing ones get them here.

-- "Account Created on a Device" also watches accounts enabled again (4722, 4738 "Account Enabled"):
-- renamed and widened where it is still as shipped (a rule an admin edited is left alone).
UPDATE rules SET
  name = 'Account Created or Enabled',
  description = 'A new account was created, or a disabled one enabled again (Windows 4720, 4722, 4738 "Account Enabled"). What to do: confirm it was requested; attackers add accounts, or wake dormant ones, to come back.',
  conditions = '{"event_filter":{"any":[{"field":"event_type","value":["user_created","user_enabled"]},{"all":[{"field":"EventID","value":4738},{"field":"UserAccountControl","op":"contains","value":"%%2048"}]}]},"threshold":1,"window_seconds":60,"group_by":"site_id","across_sites":false}'::jsonb
WHERE name = 'Account Created on a Device'
  AND conditions = '{"event_filter":{"event_type":"user_created"},"threshold":1,"window_seconds":60,"group_by":"site_id","across_sites":false}'::jsonb
  AND NOT EXISTS (SELECT 1 FROM rules WHERE lower(name) = 'account created or enabled');

INSERT INTO rules (id, name, description, rule_type, conditions, severity, enabled, mitre_tactic,
  mitre_technique, cooldown_seconds, actions, mitre_tactics, mitre_techniques)
SELECT gen_random_uuid(), 'Windows Audit Policy Changed',
  'The audit policy of a Windows host was changed (4719). What to do: if auditing was removed ("Success removed", "Failure removed") and nobody changed the group policy, treat it as an attacker hiding and examine the host.',
  'threshold',
  '{"event_filter":{"field":"event_type","value":"audit_policy_changed"},"threshold":1,"window_seconds":60,"group_by":"hostname","across_sites":false}'::jsonb,
  'medium', true, 'TA0005', 'T1562.002', 300, '[{"type":"log","config":{}}]'::jsonb, ARRAY['TA0005'], ARRAY['T1562.002']
WHERE EXISTS (SELECT 1 FROM rules)
ON CONFLICT DO NOTHING;
