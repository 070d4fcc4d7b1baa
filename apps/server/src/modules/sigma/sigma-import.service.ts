import type { Rule, RuleCreate, SigmaImportResult, SigmaOriginRecord } from "@vigie/contracts";
import type pg from "pg";
import type { PlaceholderValues } from "../../detection/conditions/placeholders.ts";
import { errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Database } from "../../platform/db/database.ts";
import { newId } from "../../platform/ids.ts";
import {
  convertSigmaFiles,
  type SigmaConversion,
  type SigmaFile,
  type SkippedSigmaRule,
} from "../../sigma/batch.ts";
import type { ConvertedSigmaRule } from "../../sigma/convert.ts";
import { SHIPPED_PIPELINES } from "../../sigma/pipelines/index.ts";
import { type PlannedSigmaRule, planSigmaImport, type SigmaPlan } from "../../sigma/plan.ts";
import { inTransaction } from "../alerts/transaction.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import type { PlaceholdersRepository } from "../rules/placeholders.repository.ts";
import { RulesRepository } from "../rules/rules.repository.ts";
import type { PipelinesRepository } from "./pipelines.repository.ts";
import { takenNames, uniqueName } from "./sigma-names.ts";

/**
 * Reasons a valid Sigma rule is skipped rather than refused: the rule is fine, Vigie does not run it.
 * Anything else (invalid YAML, unknown modifier, a missing selection, a correlation naming a rule that
 * does not exist...) is bad input: 422, nothing stored.
 */
const SKIPPABLE =
  /^(status |modifier (minute|hour|day|week|month|year)|aggregation in condition|correlation unsupported)/;

type Outcome = SigmaImportResult["rules"][number];
type DisabledRule = NonNullable<SigmaImportResult["disabled"]>[number];

/** What a caller other than a plain import (a rule pack install) asks of the same import. */
export interface SigmaImportOptions {
  /** Enable every imported rule that has a source, even one an admin disabled: the selection is what runs. */
  enableAll?: boolean;
  /** Sigma ids whose enabled rules are disabled in the same transaction (a pack's rules no longer selected). */
  disableSigmaIds?: readonly string[];
  /** The audit entry's action and extra details (default `rules.sigma_imported`). */
  audit?: { action: string; details: Record<string, unknown> };
}

/** What the import keeps of a converted rule beside the rule itself. */
function originRecord(rule: ConvertedSigmaRule): SigmaOriginRecord {
  return { ...rule.origin, sources: rule.sources };
}

/** The 422 of bad Sigma input, each detail naming `file › rule › YAML path`. */
function refusal(bad: SkippedSigmaRule[]) {
  return errors.validation(
    `${bad.length} Sigma rule(s) are not valid; nothing was imported`,
    bad.map((b) => ({ field: `${b.file} › ${b.rule} › ${b.path}`, message: b.message, type: "sigma" })),
  );
}

const skippedOutcome = (s: SkippedSigmaRule): Outcome => ({
  ...s,
  status: "skipped",
  path: s.path,
  reason: s.message,
});

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
  async convert(files: SigmaFile[], values?: PlaceholderValues): Promise<SigmaConversion> {
    const [custom, placeholders] = await Promise.all([
      this.pipelines.list(),
      values ?? this.placeholders.values(),
    ]);
    return convertSigmaFiles(files, [...SHIPPED_PIPELINES, ...custom], placeholders);
  }

  /** Imports the files (or, with `dryRun`, answers what an import would do); 422 for bad input. */
  async import(
    files: SigmaFile[],
    dryRun: boolean,
    origin: ChangeOrigin,
    options: SigmaImportOptions = {},
  ): Promise<SigmaImportResult> {
    // Read before the transaction: embedded storage has one connection, which the transaction holds.
    const values = await this.placeholders.values();
    const conversion = await this.convert(files, values);
    const bad = conversion.skipped.filter((skip) => !SKIPPABLE.test(skip.reason));
    if (bad.length) throw refusal(bad);
    const { plan, outcomes, disabled } = dryRun
      ? await this.#preview(conversion, values, options)
      : await inTransaction(this.db, (client) => this.#store(conversion, values, options, client));
    const skipped = [...conversion.skipped, ...plan.skipped].map(skippedOutcome);
    const result = summarize(dryRun, [...outcomes, ...skipped]);
    if (options.disableSigmaIds) result.disabled = disabled;
    if (!dryRun && (result.created || result.updated || disabled.length)) {
      await this.bus.publish("rules.changed", { rule_id: null });
      const details = {
        created: result.created,
        updated: result.updated,
        skipped: result.skipped,
        silenced: plan.silenced.length,
        ...(options.disableSigmaIds ? { disabled: disabled.length } : {}),
        files: files.map((f) => f.name).slice(0, 100),
        ...options.audit?.details,
      };
      const { action } = options.audit ?? { action: "rules.sigma_imported" };
      await this.audit.record({ ...origin, action, target_type: "rule", details });
    }
    return result;
  }

  /** What the import would do, storing nothing. */
  async #preview(conversion: SigmaConversion, values: PlaceholderValues, options: SigmaImportOptions) {
    const plan = await this.#plan(conversion, values);
    const disabled = await this.#rules.enabledBySigmaId(options.disableSigmaIds ?? []);
    return { plan, outcomes: preview(plan), disabled: disabled.map(disabledRule) };
  }

  /** Plans the import against storage (inside the writing transaction when one is given); 422 for bad correlations. */
  async #plan(
    conversion: SigmaConversion,
    values: PlaceholderValues,
    client?: pg.PoolClient,
  ): Promise<SigmaPlan> {
    const plan = await planSigmaImport(conversion, {
      storedByReference: async (references) =>
        (await this.#rules.bySigmaReference(references, client)).flatMap((rule) =>
          rule.sigma ? [{ ...rule, sigma: rule.sigma }] : [],
        ),
      existingBySigmaId: (ids) => this.#rules.idsBySigmaId(ids, client),
      rulesById: (ids) => this.#rules.getMany(ids, client),
      newId,
      placeholders: values,
    });
    if (plan.invalid.length) throw refusal(plan.invalid);
    return plan;
  }

  async #store(
    conversion: SigmaConversion,
    values: PlaceholderValues,
    options: SigmaImportOptions,
    client: pg.PoolClient,
  ) {
    const plan = await this.#plan(conversion, values, client);
    const names = await takenNames(client);
    const outcomes: Outcome[] = [];
    for (const rule of plan.rules) {
      const stored = await this.#write(client, rule, names, options.enableAll ?? false);
      outcomes.push(outcomeOf(rule, stored.id));
    }
    const disabled = await this.#rules.enabledBySigmaId(options.disableSigmaIds ?? [], client);
    await this.#rules.disable(
      [...plan.silenced, ...disabled].map((rule) => rule.id),
      client,
    );
    outcomes.push(...plan.silenced.map(silencedOutcome));
    return { plan, outcomes, disabled: disabled.map(disabledRule) };
  }

  /** Inserts a new rule or replaces an imported one, keeping what an admin chose (enabled, actions, cooldown). */
  async #write(
    client: pg.PoolClient,
    rule: PlannedSigmaRule,
    names: Map<string, string>,
    enableAll: boolean,
  ): Promise<Rule> {
    const current = rule.existing ? await this.#rules.get(rule.id, client) : null;
    const name = uniqueName(rule.rule.name, rule.origin.id, current?.id ?? null, names);
    const body: RuleCreate = current
      ? {
          ...rule.rule,
          name,
          enabled: (enableAll || current.enabled) && rule.rule.enabled,
          actions: current.actions,
          cooldown_seconds: current.cooldown_seconds,
        }
      : { ...rule.rule, name };
    const stored = current
      ? await this.#rules.replace(current.id, body, client, originRecord(rule))
      : await this.#rules.insert(body, client, originRecord(rule), rule.id);
    if (!stored) throw errors.notFound("Rule");
    names.set(name.toLowerCase(), stored.id);
    return stored;
  }
}

/** What the import would do, without storing anything. */
function preview(plan: SigmaPlan): Outcome[] {
  return [
    ...plan.rules.map((rule) => outcomeOf(rule, rule.existing ? rule.id : null)),
    ...plan.silenced.map(silencedOutcome),
  ];
}

const disabledRule = (rule: { id: string; name: string; sigma_id: string }): DisabledRule => ({
  rule_id: rule.id,
  rule: rule.name,
  sigma_id: rule.sigma_id,
});

const FEEDS = "raises no alerts of its own (Sigma generate: false): it feeds";

function outcomeOf(rule: PlannedSigmaRule, ruleId: string | null): Outcome {
  return {
    file: rule.file,
    rule: rule.origin.title,
    sigma_id: rule.origin.id,
    status: rule.existing ? "updated" : "created",
    rule_id: ruleId,
    sources: rule.sources,
    ...(rule.feeds ? { note: `${FEEDS} ${rule.feeds}` } : {}),
  };
}

/** A rule imported earlier that a new correlation feeds from: disabled. */
function silencedOutcome(rule: SigmaPlan["silenced"][number]): Outcome {
  return {
    file: rule.file,
    rule: rule.name,
    sigma_id: rule.sigma.id,
    status: "updated",
    rule_id: rule.id,
    sources: rule.sigma.sources,
    note: `disabled: ${FEEDS} ${rule.feeds}`,
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
