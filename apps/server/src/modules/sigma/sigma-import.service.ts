import type { Rule, RuleCreate, SigmaImportResult, SigmaOriginRecord } from "@vigie/contracts";
import type pg from "pg";
import { errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Database } from "../../platform/db/database.ts";
import { convertSigmaFiles, type SigmaConversion, type SigmaFile } from "../../sigma/batch.ts";
import type { ConvertedSigmaRule } from "../../sigma/convert.ts";
import { SHIPPED_PIPELINES } from "../../sigma/pipelines/index.ts";
import { inTransaction } from "../alerts/transaction.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import type { PlaceholdersRepository } from "../rules/placeholders.repository.ts";
import { RulesRepository } from "../rules/rules.repository.ts";
import type { PipelinesRepository } from "./pipelines.repository.ts";

/**
 * Reasons a valid Sigma rule is skipped rather than refused: the rule is fine, Vigie does not run it.
 * Anything else (invalid YAML, unknown modifier, a missing selection...) is bad input: 422, nothing stored.
 */
const SKIPPABLE =
  /^(status |modifier (minute|hour|day|week|month|year)|aggregation in condition|correlation)/;

type Outcome = SigmaImportResult["rules"][number];
type Planned = ConvertedSigmaRule & { file: string; existing: string | null };

/** What the import keeps of a converted rule beside the rule itself. */
function originRecord(rule: ConvertedSigmaRule): SigmaOriginRecord {
  return { ...rule.origin, sources: rule.sources };
}

/** Sigma import: converts, refuses bad input as a whole, and stores every rule in one transaction. */
export class SigmaImportService {
  readonly #rules: RulesRepository;

  constructor(
    private readonly db: Database,
    private readonly bus: Bus,
    private readonly audit: AuditSink,
    private readonly pipelines: PipelinesRepository,
    private readonly placeholders: PlaceholdersRepository,
  ) {
    this.#rules = new RulesRepository(db);
  }

  /** Converts the files with the shipped pipelines and the admins' (which win for the same logsource). */
  async convert(files: SigmaFile[]): Promise<SigmaConversion> {
    const [custom, values] = await Promise.all([this.pipelines.list(), this.placeholders.values()]);
    return convertSigmaFiles(files, [...SHIPPED_PIPELINES, ...custom], values);
  }

  /** Imports the files (or, with `dryRun`, answers what an import would do); 422 for bad input. */
  async import(files: SigmaFile[], dryRun: boolean, origin: ChangeOrigin): Promise<SigmaImportResult> {
    const conversion = await this.convert(files);
    const bad = conversion.skipped.filter((skip) => !SKIPPABLE.test(skip.reason));
    if (bad.length)
      throw errors.validation(
        `${bad.length} Sigma rule(s) are not valid; nothing was imported`,
        bad.map((b) => ({ field: `${b.file} › ${b.rule} › ${b.path}`, message: b.message, type: "sigma" })),
      );
    const skipped: Outcome[] = conversion.skipped.map((s) => ({
      ...s,
      status: "skipped",
      path: s.path,
      reason: s.message,
    }));
    for (const c of conversion.correlations)
      skipped.push({
        file: c.file,
        rule: c.origin.title,
        status: "skipped",
        path: "correlation",
        reason: "Sigma correlation rules are not imported yet",
      });
    const outcomes = dryRun ? await this.#preview(conversion) : await this.#store(conversion);
    const result = summarize(dryRun, [...outcomes, ...skipped]);
    if (!dryRun && (result.created || result.updated)) {
      await this.bus.publish("rules.changed", { rule_id: null });
      const details = {
        created: result.created,
        updated: result.updated,
        skipped: result.skipped,
        files: files.map((f) => f.name).slice(0, 100),
      };
      await this.audit.record({ ...origin, action: "rules.sigma_imported", target_type: "rule", details });
    }
    return result;
  }

  async #plan(conversion: SigmaConversion, client?: pg.PoolClient): Promise<Planned[]> {
    const sigmaIds = conversion.rules.map((r) => r.origin.id).filter((id): id is string => !!id);
    const existing = await this.#rules.idsBySigmaId(sigmaIds, client);
    const last = new Map<string, Planned>();
    for (const rule of conversion.rules) {
      const key = rule.origin.id ?? `${rule.file}#${rule.origin.title}`;
      last.set(key, { ...rule, existing: (rule.origin.id && existing.get(rule.origin.id)) || null });
    }
    return [...last.values()];
  }

  async #preview(conversion: SigmaConversion): Promise<Outcome[]> {
    return (await this.#plan(conversion)).map((rule) =>
      outcomeOf(rule, rule.existing ? "updated" : "created", rule.existing),
    );
  }

  async #store(conversion: SigmaConversion): Promise<Outcome[]> {
    return inTransaction(this.db, async (client) => {
      const planned = await this.#plan(conversion, client);
      const names = await takenNames(client);
      const outcomes: Outcome[] = [];
      for (const rule of planned) {
        const stored = await this.#write(client, rule, names);
        outcomes.push(outcomeOf(rule, rule.existing ? "updated" : "created", stored.id));
      }
      return outcomes;
    });
  }

  /** Inserts a new rule or replaces an imported one, keeping what an admin chose (enabled, actions, cooldown). */
  async #write(client: pg.PoolClient, rule: Planned, names: Map<string, string>): Promise<Rule> {
    const current = rule.existing ? await this.#rules.get(rule.existing, client) : null;
    const name = uniqueName(rule.rule.name, rule.origin.id, rule.existing, names);
    const body: RuleCreate = current
      ? {
          ...rule.rule,
          name,
          enabled: current.enabled && rule.sources.length > 0,
          actions: current.actions,
          cooldown_seconds: current.cooldown_seconds,
        }
      : { ...rule.rule, name };
    const stored = current
      ? await this.#rules.replace(current.id, body, client, originRecord(rule))
      : await this.#rules.insert(body, client, originRecord(rule));
    if (!stored) throw errors.notFound("Rule");
    names.set(name.toLowerCase(), stored.id);
    return stored;
  }
}

/** Every rule name in use (lower case) → its rule id. */
async function takenNames(client: pg.PoolClient): Promise<Map<string, string>> {
  const { rows } = await client.query("SELECT id, lower(name) AS name FROM rules");
  return new Map((rows as { id: string; name: string }[]).map((row) => [row.name, row.id]));
}

/** The title, or — when another rule has it — the title with the Sigma id's first part. */
function uniqueName(
  title: string,
  sigmaId: string | null,
  self: string | null,
  names: Map<string, string>,
): string {
  const free = (name: string) => {
    const owner = names.get(name.toLowerCase());
    return owner === undefined || owner === self;
  };
  if (free(title)) return title;
  const suffix = ` [sigma ${(sigmaId ?? "").slice(0, 8) || "import"}]`;
  for (let n = 1; ; n++) {
    const name = `${title.slice(0, 200 - suffix.length - 4)}${suffix}${n > 1 ? ` ${n}` : ""}`;
    if (free(name)) return name;
  }
}

function outcomeOf(rule: Planned, status: "created" | "updated", ruleId: string | null): Outcome {
  return {
    file: rule.file,
    rule: rule.origin.title,
    sigma_id: rule.origin.id,
    status,
    rule_id: ruleId,
    sources: rule.sources,
  };
}

function summarize(dryRun: boolean, rules: Outcome[]): SigmaImportResult {
  const count = (status: Outcome["status"]) => rules.filter((r) => r.status === status).length;
  const noSource = rules.filter((r) => r.status !== "skipped" && r.sources?.length === 0).length;
  return {
    dry_run: dryRun,
    created: count("created"),
    updated: count("updated"),
    skipped: count("skipped"),
    no_matching_source: noSource,
    rules,
  };
}
