/** The MITRE ATT&CK data Vigie ships and the copyright line its licence asks every copy to carry. */
export interface AttackSource {
  /** "© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of …" */
  copyright: string;
  /** Where the data comes from (repository and snapshot). */
  source: string;
  licence: string;
}

/** A rule covering techniques, listed once per answer; techniques name it by id. */
export interface AttackRule {
  id: string;
  name: string;
  severity: string;
  enabled: boolean;
  /** Alerts of this rule whose activity overlaps the period. */
  alerts: number;
}

/** A sub-technique (`T1059.001`) under its parent. */
export interface AttackSubtechnique {
  id: string;
  name: string;
  url: string;
  /** Enabled rules tagged with this sub-technique. */
  rule_ids: string[];
  disabled_rules: number;
  alerts: number;
}

/** A technique (a cell of the matrix): what covers it, its own tags and its sub-techniques' folded in. */
export interface AttackTechnique {
  id: string;
  name: string;
  url: string;
  /** Enabled rules tagged with the technique or one of its sub-techniques, each once. */
  rule_ids: string[];
  disabled_rules: number;
  /** Alerts in the period of the rules (enabled or not) covering the technique. */
  alerts: number;
  subtechniques: AttackSubtechnique[];
}

/** A column of the matrix: a tactic and its techniques, by name. */
export interface AttackTactic {
  id: string;
  shortname: string;
  name: string;
  url: string;
  techniques: AttackTechnique[];
  /** Techniques of this column covered by at least one enabled rule. */
  covered: number;
}

/** `GET /api/v1/attack/coverage`: the Enterprise matrix with the rules and alerts of each technique. */
export interface AttackCoverage {
  attack: AttackSource;
  period: { from: string | null; to: string | null };
  /** Distinct techniques of the matrix (a technique in several tactics counts once), and those covered. */
  summary: { techniques: number; covered: number; with_alerts: number };
  tactics: AttackTactic[];
  rules: AttackRule[];
}
