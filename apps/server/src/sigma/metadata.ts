import type { Severity } from "@vigie/contracts";
import { z } from "zod";
import type { SigmaLogsource } from "./types.ts";

/** Sigma rule statuses; `deprecated` and `unsupported` rules never load. */
export const SIGMA_STATUSES = ["stable", "test", "experimental", "deprecated", "unsupported"] as const;
/** Sigma levels, least severe first. */
export const SIGMA_LEVELS = ["informational", "low", "medium", "high", "critical"] as const;
export type SigmaLevel = (typeof SIGMA_LEVELS)[number];

const SEVERITY_OF_LEVEL: Record<SigmaLevel, Severity> = {
  informational: "info",
  low: "low",
  medium: "medium",
  high: "high",
  critical: "critical",
};

/** The ATT&CK tactics by the short names Sigma tags use (`attack.defense-evasion`). */
const TACTICS = new Set([
  "reconnaissance",
  "resource-development",
  "initial-access",
  "execution",
  "persistence",
  "privilege-escalation",
  "defense-evasion",
  "credential-access",
  "discovery",
  "lateral-movement",
  "collection",
  "command-and-control",
  "exfiltration",
  "impact",
]);

const text = (max: number) => z.string().trim().min(1).max(max);
const textList = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" ? [value] : value),
    z.array(z.coerce.string().max(max)).max(200),
  );

/** The header of a Sigma rule (everything but `detection`), as Vigie keeps it. */
export const SigmaHeaderSchema = z.object({
  title: text(256),
  id: z.string().trim().max(64).optional(),
  name: text(200).optional(),
  status: z.enum(SIGMA_STATUSES).optional(),
  description: z.string().max(65_536).optional(),
  author: z.preprocess((value) => (Array.isArray(value) ? value.join(", ") : value), text(1024)).optional(),
  references: textList(2048).default([]),
  falsepositives: textList(1024).default([]),
  tags: textList(256).default([]),
  level: z.enum(SIGMA_LEVELS).default("medium"),
  date: z.coerce.string().max(32).optional(),
  modified: z.coerce.string().max(32).optional(),
  logsource: z
    .object({
      product: z.string().trim().toLowerCase().max(100).optional(),
      category: z.string().trim().toLowerCase().max(100).optional(),
      service: z.string().trim().toLowerCase().max(100).optional(),
    })
    .loose()
    .default({}),
});
export type SigmaHeader = z.output<typeof SigmaHeaderSchema>;

/** What a rule keeps of its Sigma origin: shown on the rule and credited on its alerts (DRL 1.1). */
export interface SigmaOrigin {
  id: string | null;
  title: string;
  /** The `name` correlations refer to the rule by. */
  name: string | null;
  /** The correlation type of a correlation rule; null for a detection rule. */
  correlation: string | null;
  description: string | null;
  status: string | null;
  level: SigmaLevel;
  author: string | null;
  references: string[];
  falsepositives: string[];
  tags: string[];
  logsource: SigmaLogsource;
  date: string | null;
  modified: string | null;
  yaml: string;
}

/** Vigie's severity for a Sigma level. */
export function severityOfLevel(level: SigmaLevel): Severity {
  return SEVERITY_OF_LEVEL[level];
}

/** The ATT&CK tactics and techniques (`T1059.001`) a rule's tags name, each once, in tag order. */
export function attackOfTags(tags: string[]): { tactics: string[]; techniques: string[] } {
  const tactics = new Set<string>();
  const techniques = new Set<string>();
  for (const tag of tags) {
    const name = tag
      .toLowerCase()
      .match(/^attack\.(.+)$/)?.[1]
      ?.replaceAll("_", "-");
    if (!name) continue;
    if (/^t\d{4}(\.\d{3})?$/.test(name)) techniques.add(name.toUpperCase());
    else if (TACTICS.has(name)) tactics.add(name);
  }
  return { tactics: [...tactics], techniques: [...techniques] };
}

/** The origin record of a parsed header and its YAML. */
export function originOf(header: SigmaHeader, yaml: string): SigmaOrigin {
  const { product, category, service } = header.logsource;
  return {
    id: header.id ?? null,
    title: header.title,
    name: header.name ?? null,
    correlation: null,
    description: header.description ?? null,
    status: header.status ?? null,
    level: header.level,
    author: header.author ?? null,
    references: header.references,
    falsepositives: header.falsepositives,
    tags: header.tags,
    logsource: { product, category, service },
    date: header.date ?? null,
    modified: header.modified ?? null,
    yaml,
  };
}
