import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  PACK_LEVELS,
  PACK_STATUSES,
  type RulePack,
  type RulePackSelection,
  type SigmaImportResult,
} from "@vigie/contracts";
import { errors } from "../../http/errors.ts";
import type { ChangeOrigin } from "../rules/audit-port.ts";
import type { RulesRepository } from "../rules/rules.repository.ts";
import type { SigmaImportService } from "../sigma/sigma-import.service.ts";
import { type PackCatalogue, packCatalogue, packCounts, RULE_PACKS, selectedRules } from "./catalogue.ts";

/** The answer of a pack install: the Sigma import's, with the selection it installed. */
export type RulePackInstallResult = SigmaImportResult & {
  pack: string;
  selection: Omit<RulePackSelection, "dry_run">;
  selected: number;
};

type Field = "statuses" | "levels" | "products";

/** A 422 naming each selected value that is not selectable, and why. */
function checkSelection(selection: RulePackSelection, catalogue: PackCatalogue): void {
  const allowed: Record<Field, readonly string[]> = {
    statuses: PACK_STATUSES,
    levels: PACK_LEVELS,
    products: catalogue.products,
  };
  const details = (Object.keys(allowed) as Field[]).flatMap((field) =>
    selection[field].flatMap((value, index) => {
      if (allowed[field].includes(value)) return [];
      const never = field === "statuses" && (value === "deprecated" || value === "unsupported");
      const message = never
        ? `${value} rules never load; choose among ${allowed[field].join(", ")}`
        : `unknown; choose among ${allowed[field].join(", ")}`;
      return [{ field: `${field}[${index}]`, message, type: never ? "not_selectable" : "unknown" }];
    }),
  );
  if (details.length) throw errors.validation("The selection names values this pack cannot install", details);
}

/** Rule packs: their catalogues and counts, and installs through the one Sigma import. */
export class RulePacksService {
  constructor(
    private readonly rules: RulesRepository,
    private readonly sigma: SigmaImportService,
  ) {}

  /** Every shipped pack with its counts and how many of its rules are installed and enabled. */
  async list(): Promise<RulePack[]> {
    return Promise.all(
      RULE_PACKS.map(async ({ name }) => {
        const catalogue = await this.#catalogue(name);
        const counts = await this.rules.countBySigmaId(catalogue.rules.map((rule) => rule.id));
        return { ...packCounts(catalogue), ...counts };
      }),
    );
  }

  /**
   * Imports the pack's rules the selection matches, enabled, and disables (never deletes) the pack's
   * rules it no longer matches, in one Sigma import (one transaction, one `rules.changed`).
   */
  async install(
    name: string,
    selection: RulePackSelection,
    origin: ChangeOrigin,
  ): Promise<RulePackInstallResult> {
    const catalogue = await this.#catalogue(name);
    checkSelection(selection, catalogue);
    const selected = selectedRules(catalogue, selection);
    const chosen = new Set(selected.map((rule) => rule.id));
    const files = await Promise.all(
      selected.map(async (rule) => ({
        name: rule.file,
        text: await readFile(path.join(catalogue.dir, rule.file), "utf8"),
      })),
    );
    const { dry_run, ...wanted } = selection;
    const result = await this.sigma.import(files, dry_run, origin, {
      enableAll: true,
      disableSigmaIds: catalogue.rules.filter((rule) => !chosen.has(rule.id)).map((rule) => rule.id),
      audit: {
        action: "rule_pack.installed",
        details: { pack: name, selection: wanted, selected: files.length },
      },
    });
    return { ...result, pack: name, selection: wanted, selected: files.length };
  }

  /** Installs each shipped pack's first-start selection: what a new installation enables. */
  async installFirstStart(origin: ChangeOrigin): Promise<RulePackInstallResult[]> {
    const results: RulePackInstallResult[] = [];
    for (const pack of RULE_PACKS) {
      results.push(await this.install(pack.name, { ...pack.firstStart, dry_run: false }, origin));
    }
    return results;
  }

  async #catalogue(name: string): Promise<PackCatalogue> {
    const catalogue = packCatalogue(name);
    if (!catalogue) throw errors.notFound("Rule pack");
    return catalogue;
  }
}
