import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { setImmediate as yieldToEvents } from "node:timers/promises";
import { PACK_LEVELS, PACK_STATUSES, type RulePack, type RulePackSelection } from "@vigie/contracts";
import { parse } from "yaml";
import { serverPath } from "../../platform/paths.ts";

/** One rule of a pack, as read from its file's header. */
export interface PackRule {
  id: string;
  title: string;
  status: string;
  level: string;
  /** The pack folder the rule sits in (`rules/windows/...` → windows): what an install selects by. */
  product: string;
  logsource: { product: string | null; category: string | null; service: string | null };
  /** The path inside the pack folder, e.g. `rules/windows/process_creation/proc_creation_win_whoami.yml`. */
  file: string;
}

/** Where a pack comes from (a folder of the repository) and how it is credited. */
export interface PackDefinition {
  name: string;
  title: string;
  source: string;
  licence: string;
  /** The folder holding `rules/<product>/…/*.yml`. */
  dir: string;
  /** What a new installation enables at first start (`VIGIE_FIRST_START_PACKS`); admins widen it on the Rule packs page. */
  firstStart: Omit<RulePackSelection, "dry_run">;
}

/** A pack read from its folder: the rules an install may select, and those it never loads. */
export interface PackCatalogue extends PackDefinition {
  products: string[];
  rules: PackRule[];
  /** Deprecated, unsupported (or status-less) rules by status: listed, never selectable. */
  excluded: Record<string, number>;
}

/** The packs Vigie ships; a new pack is one more entry (its folder under `apps/server/content`). */
export const RULE_PACKS: readonly PackDefinition[] = [
  {
    name: "sigmahq",
    title: "SigmaHQ rules",
    source: "SigmaHQ/sigma, commit 8eaafff1 (2026-08-05)",
    licence: "Detection Rule License 1.1 (apps/server/content/sigma/LICENSE_NOTE_SigmaHQ.md)",
    dir: serverPath("content/sigma"),
    // The critical rules: high-fidelity detections (credential theft, ransomware, known exploits) that stay
    // quiet on everyday clinic traffic (docs/SIGMA.md "Rule packs").
    firstStart: {
      statuses: ["stable", "test"],
      levels: ["critical"],
      products: ["windows", "linux", "network", "web"],
    },
  },
];

const SELECTABLE = new Set<string>(PACK_STATUSES);
const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() ? value.trim() : null;

/** Reads one rule file's header; null for a file that is no Sigma rule (no id or title). */
function readPackRule(dir: string, file: string): PackRule | null {
  const body: unknown = parse(readFileSync(path.join(dir, file), "utf8"));
  if (!body || typeof body !== "object") return null;
  const doc = body as Record<string, unknown>;
  const logsource = (doc.logsource ?? {}) as Record<string, unknown>;
  const id = text(doc.id);
  const title = text(doc.title);
  if (!id || !title) return null;
  return {
    id,
    title,
    status: text(doc.status) ?? "none",
    level: text(doc.level) ?? "none",
    product: file.split("/")[1] ?? "",
    logsource: {
      product: text(logsource.product),
      category: text(logsource.category),
      service: text(logsource.service),
    },
    file,
  };
}

/**
 * Reads a pack's folder: every `rules/<product>/**\/*.yml`, deprecated and unsupported rules set apart.
 * Parsing the 2,700 SigmaHQ files takes about 2 s of CPU, so it yields to other requests every 100 files.
 */
export async function readPackCatalogue(pack: PackDefinition): Promise<PackCatalogue> {
  const rulesDir = path.join(pack.dir, "rules");
  const products = readdirSync(rulesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const rules: PackRule[] = [];
  const excluded: Record<string, number> = {};
  let read = 0;
  for (const product of products) {
    const names = readdirSync(path.join(rulesDir, product), { recursive: true, encoding: "utf8" });
    for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
      if (++read % 100 === 0) await yieldToEvents();
      const rule = readPackRule(pack.dir, path.posix.join("rules", product, name.split(path.sep).join("/")));
      if (!rule) continue;
      if (SELECTABLE.has(rule.status)) rules.push(rule);
      else excluded[rule.status] = (excluded[rule.status] ?? 0) + 1;
    }
  }
  return { ...pack, products, rules, excluded };
}

/** The rules of a catalogue a selection takes: by status, level and product together. */
export function selectedRules(
  catalogue: PackCatalogue,
  selection: Omit<RulePackSelection, "dry_run">,
): PackRule[] {
  return catalogue.rules.filter(
    (rule) =>
      selection.statuses.includes(rule.status) &&
      selection.levels.includes(rule.level) &&
      selection.products.includes(rule.product),
  );
}

const cache = new Map<string, Promise<PackCatalogue>>();

/** The catalogue of a shipped pack (read once, on first use; the files ship with the server); null for an unknown pack. */
export function packCatalogue(name: string): Promise<PackCatalogue> | null {
  const pack = RULE_PACKS.find((p) => p.name === name);
  if (!pack) return null;
  let catalogue = cache.get(name);
  if (!catalogue) {
    catalogue = readPackCatalogue(pack);
    catalogue.catch(() => cache.delete(name));
    cache.set(name, catalogue);
  }
  return catalogue;
}

const tally = (rules: PackRule[], key: (rule: PackRule) => string, order: readonly string[] = []) => {
  const counts: Record<string, number> = Object.fromEntries(order.map((k) => [k, 0]));
  for (const rule of rules) counts[key(rule)] = (counts[key(rule)] ?? 0) + 1;
  return counts;
};

/** A pack's counts by status, level and product, and by the three together (the console's live counts). */
export function packCounts(catalogue: PackCatalogue): Omit<RulePack, "installed" | "enabled"> {
  const cells = new Map<string, RulePack["cells"][number]>();
  for (const { status, level, product } of catalogue.rules) {
    const key = `${status}|${level}|${product}`;
    const cell = cells.get(key) ?? { status, level, product, rules: 0 };
    cell.rules++;
    cells.set(key, cell);
  }
  return {
    name: catalogue.name,
    title: catalogue.title,
    source: catalogue.source,
    licence: catalogue.licence,
    products: catalogue.products,
    rules: catalogue.rules.length,
    by_status: tally(catalogue.rules, (r) => r.status, PACK_STATUSES),
    by_level: tally(catalogue.rules, (r) => r.level, PACK_LEVELS),
    by_product: tally(catalogue.rules, (r) => r.product, catalogue.products),
    excluded: catalogue.excluded,
    cells: [...cells.values()],
  };
}
