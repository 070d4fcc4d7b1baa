-- Sigma import: the origin of imported rules (metadata, author, original YAML), every ATT&CK tactic and
-- technique of a rule and of its alerts (not only the first), the rule author credited on each alert
-- (Detection Rule License 1.1), and the logsource mappings admins add beside the shipped ones.

ALTER TABLE rules ADD COLUMN sigma jsonb;
ALTER TABLE rules ADD COLUMN mitre_tactics text[] NOT NULL DEFAULT '{}';
ALTER TABLE rules ADD COLUMN mitre_techniques text[] NOT NULL DEFAULT '{}';
UPDATE rules SET mitre_tactics = ARRAY[mitre_tactic] WHERE mitre_tactic IS NOT NULL;
UPDATE rules SET mitre_techniques = ARRAY[mitre_technique] WHERE mitre_technique IS NOT NULL;
-- Re-importing a Sigma rule (same Sigma id) updates it instead of adding a second copy.
CREATE UNIQUE INDEX rules_sigma_id_key ON rules ((sigma ->> 'id')) WHERE sigma ->> 'id' IS NOT NULL;

ALTER TABLE alerts ADD COLUMN rule_author text;
ALTER TABLE alerts ADD COLUMN mitre_tactics text[] NOT NULL DEFAULT '{}';
ALTER TABLE alerts ADD COLUMN mitre_techniques text[] NOT NULL DEFAULT '{}';
UPDATE alerts SET mitre_tactics = ARRAY[mitre_tactic] WHERE mitre_tactic IS NOT NULL;
UPDATE alerts SET mitre_techniques = ARRAY[mitre_technique] WHERE mitre_technique IS NOT NULL;

-- An admin's logsource pipeline (same shape as the shipped ones); its mappings win over the shipped ones.
CREATE TABLE sigma_pipelines (
  name text PRIMARY KEY,
  definition jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
