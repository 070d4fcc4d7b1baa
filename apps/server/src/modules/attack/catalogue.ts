import { readFileSync } from "node:fs";
import type { AttackSource } from "@vigie/contracts";
import { z } from "zod";
import { serverPath } from "../../platform/paths.ts";

/** Where the ATT&CK data ships (docs/ATTACK.md) and the credit its licence asks every copy to carry. */
export const ATTACK_DATA = {
  file: serverPath("content/attack/enterprise-attack-techniques.json"),
  /** The ATT&CK release of the snapshot, for Navigator layers. */
  version: "18",
  source: {
    copyright:
      "© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.",
    source: "MITRE ATT&CK® Enterprise, mitre/cti snapshot 421deacb77 (2025-11-13)",
    licence: "MITRE ATT&CK terms of use (apps/server/content/attack/LICENSE.txt)",
  } satisfies AttackSource,
} as const;

const TacticFile = z.object({ id: z.string(), shortname: z.string(), name: z.string(), url: z.string() });
const TechniqueFile = z.object({
  id: z.string().regex(/^T\d{4}(\.\d{3})?$/),
  name: z.string(),
  tactics: z.array(z.string()),
  subtechnique: z.boolean(),
  deprecated: z.boolean(),
  revoked: z.boolean(),
  url: z.string(),
});
const AttackFile = z.object({ tactics: z.array(TacticFile).min(1), techniques: z.array(TechniqueFile) });

/** A live (neither deprecated nor revoked) technique with its live sub-techniques, by name. */
export interface CatalogueTechnique {
  id: string;
  name: string;
  url: string;
  tactics: string[];
  subtechniques: { id: string; name: string; url: string }[];
}

/** The matrix: tactics in matrix order, each with its techniques by name. */
export interface AttackCatalogue {
  tactics: { id: string; shortname: string; name: string; url: string; techniques: CatalogueTechnique[] }[];
  /** Every live technique (not sub-technique) by id. */
  techniques: Map<string, CatalogueTechnique>;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, "en");

/** Builds the matrix from the shipped file's content: deprecated and revoked entries left out. */
export function buildCatalogue(content: unknown): AttackCatalogue {
  const data = AttackFile.parse(content);
  const live = data.techniques.filter((t) => !t.deprecated && !t.revoked);
  const techniques = new Map<string, CatalogueTechnique>();
  for (const t of live.filter((t) => !t.subtechnique))
    techniques.set(t.id, { id: t.id, name: t.name, url: t.url, tactics: t.tactics, subtechniques: [] });
  for (const sub of live.filter((t) => t.subtechnique))
    techniques
      .get(sub.id.split(".")[0] ?? "")
      ?.subtechniques.push({ id: sub.id, name: sub.name, url: sub.url });
  for (const t of techniques.values()) t.subtechniques.sort((a, b) => a.id.localeCompare(b.id));
  const tactics = data.tactics.map((tactic) => ({
    id: tactic.id,
    shortname: tactic.shortname,
    name: tactic.name,
    url: tactic.url,
    techniques: [...techniques.values()].filter((t) => t.tactics.includes(tactic.shortname)).sort(byName),
  }));
  return { tactics, techniques };
}

let loaded: AttackCatalogue | undefined;

/** The shipped matrix, read once (about 250 KB) on first use. */
export function attackCatalogue(): AttackCatalogue {
  loaded ??= buildCatalogue(JSON.parse(readFileSync(ATTACK_DATA.file, "utf8")));
  return loaded;
}
