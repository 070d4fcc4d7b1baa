import {
  mergeRuleUpdate,
  type Rule,
  type RuleCreate,
  type RuleCreateInput,
  RuleCreateSchema,
  type RuleUpdate,
} from "@vigie/contracts";
import { ConditionError } from "../../detection/conditions/compile.ts";
import {
  applyExceptions,
  type ExceptionCondition,
  usableExceptions,
} from "../../detection/conditions/exceptions.ts";
import { expandRulePlaceholders, type PlaceholderValues } from "../../detection/conditions/placeholders.ts";
import { type RuleLookup, resolveRuleReferences } from "../../detection/conditions/references.ts";
import { compileRule } from "../../detection/evaluators/index.ts";
import { errors, zodDetails } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import { restoreSecrets, withoutSecrets } from "./action-secrets.ts";
import type { AuditSink, ChangeOrigin } from "./audit-port.ts";
import type { RuleExceptionsRepository } from "./exceptions.repository.ts";
import type { Placeholder, PlaceholdersRepository } from "./placeholders.repository.ts";
import { referencedRules, referenceLookup, rulesReferencing } from "./rule-references.ts";
import { isUniqueViolation, type RulesRepository } from "./rules.repository.ts";

const NAME_TAKEN = "A rule with this name already exists";

/** The rules the engine runs, and when to prepare them again (the soonest expiry of an exception in them). */
export interface EnabledRules {
  rules: Rule[];
  reload_at: Date | null;
}

/**
 * Rule management: validation, unique names, audit, and `rules.changed` so the engine reloads at once.
 * Every rule it returns has its action secrets masked (`withoutSecrets`), except `listEnabled`, the engine's.
 */
export class RulesService {
  constructor(
    private readonly repository: RulesRepository,
    private readonly bus: Bus,
    private readonly audit: AuditSink,
    private readonly placeholders: PlaceholdersRepository,
    private readonly exceptions: RuleExceptionsRepository,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<Rule[]> {
    return (await this.repository.list()).map(withoutSecrets);
  }

  /**
   * The enabled rules with their secrets, the rules they reference resolved into their filters, their
   * `expand` placeholders replaced and their active exceptions applied, as the engine compiles them (never
   * to be shown to a user), and when an exception in them expires (the engine prepares them again then).
   * A rule whose reference cannot be resolved is left as it is: compiling it fails, and the engine disables it.
   */
  async listEnabled(): Promise<EnabledRules> {
    const [rules, values, active] = await Promise.all([
      this.repository.list(true),
      this.placeholders.values(),
      this.exceptions.active(this.clock.now()),
    ]);
    const lookup = await referenceLookup(this.repository, rules);
    const prepare = (rule: Rule) => {
      try {
        return prepared(rule, lookup, values, active.byRule.get(rule.id) ?? []);
      } catch (error) {
        if (error instanceof ConditionError) return rule;
        throw error;
      }
    };
    return { rules: rules.map(prepare), reload_at: active.nextExpiry };
  }

  /**
   * A rule with its references resolved, its placeholders replaced and (unless `exceptions` is false) its
   * active exceptions applied, as a backtest replays it; 422 if it cannot be.
   */
  async expanded(rule: Rule, { exceptions = true } = {}): Promise<Rule> {
    const [lookup, values, active] = await Promise.all([
      referenceLookup(this.repository, [rule]),
      this.placeholders.values(),
      exceptions ? this.exceptions.active(this.clock.now()) : null,
    ]);
    try {
      return prepared(rule, lookup, values, active?.byRule.get(rule.id) ?? []);
    } catch (error) {
      if (!(error instanceof ConditionError)) throw error;
      throw errors.validation("The rule cannot be compiled", [
        { field: `conditions.${error.path}`, message: error.reason, type: "compile" },
      ]);
    }
  }

  /** The rules a rule references, directly or through others (secrets masked), in the order found. */
  async referenced(rule: Rule): Promise<Rule[]> {
    return (await referencedRules(this.repository, [rule])).map(withoutSecrets);
  }

  /** The placeholders `expand` tests use, with their values. */
  listPlaceholders(): Promise<Placeholder[]> {
    return this.placeholders.list();
  }

  /** Sets a placeholder's values; the engine reloads every rule with them. */
  async setPlaceholder(name: string, values: string[], origin: ChangeOrigin): Promise<Placeholder> {
    const placeholder = await this.placeholders.set(name, values);
    await this.#placeholderChanged(name, "placeholder.updated", origin, { values: values.length });
    return placeholder;
  }

  async deletePlaceholder(name: string, origin: ChangeOrigin): Promise<void> {
    if (!(await this.placeholders.delete(name))) throw errors.notFound("Placeholder");
    await this.#placeholderChanged(name, "placeholder.deleted", origin, {});
  }

  async #placeholderChanged(
    name: string,
    action: string,
    origin: ChangeOrigin,
    details: Record<string, unknown>,
  ) {
    await this.bus.publish("rules.changed", { rule_id: null });
    await this.audit.record({ ...origin, action, target_type: "placeholder", target_id: name, details });
  }

  /** One rule; 404 for unknown and malformed ids. */
  async get(id: string): Promise<Rule> {
    return withoutSecrets(await this.#stored(id));
  }

  /** Creates a validated rule; 409 when the name is taken, 422 for a masked secret (nothing to keep). */
  async create(input: RuleCreate, origin: ChangeOrigin): Promise<Rule> {
    await this.#assertCompiles(input);
    const actions = restoreSecrets(input.actions, []);
    const rule = await this.#unique(() => this.repository.insert({ ...input, actions }));
    await this.#changed(rule, "rule.created", origin, { name: rule.name, rule_type: rule.rule_type });
    return withoutSecrets(rule);
  }

  /**
   * Applies a patch; the merged rule must be valid as a whole (422 with field details), its name unique
   * (409). Masked secrets in the patch's actions keep the stored ones.
   */
  async update(id: string, patch: RuleUpdate, origin: ChangeOrigin): Promise<Rule> {
    const current = await this.#stored(id);
    const actions = patch.actions && restoreSecrets(patch.actions, current.actions);
    const merged = mergeRuleUpdate(current as RuleCreateInput, actions ? { ...patch, actions } : patch);
    if (!merged.success) throw errors.validation("The rule is not valid", zodDetails(merged.error));
    await this.#assertCompiles(merged.data, id);
    const rule = await this.#unique(() => this.repository.replace(id, merged.data));
    if (!rule) throw errors.notFound("Rule");
    await this.#changed(rule, "rule.updated", origin, { fields: Object.keys(patch) });
    return withoutSecrets(rule);
  }

  /** Turns a rule on or off (the AudioSOC v1 API's toggle). */
  async toggle(id: string, origin: ChangeOrigin): Promise<Rule> {
    const current = await this.#stored(id);
    const rule = await this.repository.replace(id, { ...(current as RuleCreate), enabled: !current.enabled });
    if (!rule) throw errors.notFound("Rule");
    await this.#changed(rule, "rule.toggled", origin, { enabled: rule.enabled });
    return withoutSecrets(rule);
  }

  /** Deletes a rule; 409 while other rules reference it (a correlation reading its filter). */
  async remove(id: string, origin: ChangeOrigin): Promise<void> {
    const rule = await this.#stored(id);
    const referencing = await rulesReferencing(this.repository, id);
    if (referencing.length)
      throw errors.conflict(`The rule is referenced by ${referencing.map((name) => `"${name}"`).join(", ")}`);
    if (!(await this.repository.delete(id))) throw errors.notFound("Rule");
    await this.#changed(rule, "rule.deleted", origin, { name: rule.name });
  }

  /** Disables a rule the engine failed to evaluate, keeping the error on the rule for its owner to see. */
  async disableForError(id: string, error: string): Promise<void> {
    if (await this.repository.disableWithError(id, error))
      await this.bus.publish("rules.changed", { rule_id: id });
  }

  /**
   * Refuses (422) a rule the engine could not compile: a regular expression RE2 refuses, a malformed
   * network, a placeholder without values... so it is never stored only to be disabled at load.
   */
  async #assertCompiles(rule: RuleCreate, id = "candidate"): Promise<void> {
    const candidate = { ...rule, id } as Rule;
    const [lookup, values] = await Promise.all([
      referenceLookup(this.repository, [candidate]),
      this.placeholders.values(),
    ]);
    try {
      compileRule(prepared(candidate, lookup, values));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw errors.validation("The rule cannot be compiled", [
        { field: "conditions", message, type: "compile" },
      ]);
    }
  }

  /** A rule as stored, secrets included; 404 for unknown and malformed ids. */
  async #stored(id: string): Promise<Rule> {
    const rule = await this.repository.get(id);
    if (!rule) throw errors.notFound("Rule");
    return rule;
  }

  async #unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, "rules_name_key")) throw errors.conflict(NAME_TAKEN);
      throw error;
    }
  }

  async #changed(rule: Rule, action: string, origin: ChangeOrigin, details: Record<string, unknown>) {
    await this.bus.publish("rules.changed", { rule_id: rule.id });
    await this.audit.record({ ...origin, action, target_type: "rule", target_id: rule.id, details });
  }
}

/**
 * A rule as the engine compiles it: references resolved, placeholders replaced, then its exceptions applied
 * (`all: [filter, not: any(exceptions)]`); throws `ConditionError`.
 */
function prepared(
  rule: Rule,
  lookup: RuleLookup,
  values: PlaceholderValues,
  exceptions: readonly ExceptionCondition[] = [],
): Rule {
  const expanded = expandRulePlaceholders(resolveRuleReferences(rule, lookup), values);
  return applyExceptions(expanded, usableExceptions(exceptions, values));
}

/** Parses a full rule (AudioSOC v1 conversions, the default pack); issues come back as 422 details. */
export function parseRule(input: unknown): RuleCreate {
  const parsed = RuleCreateSchema.safeParse(input);
  if (!parsed.success) throw errors.validation("The rule is not valid", zodDetails(parsed.error));
  return parsed.data;
}
