import {
  mergeRuleUpdate,
  type Rule,
  type RuleCreate,
  type RuleCreateInput,
  RuleCreateSchema,
  type RuleUpdate,
} from "@vigie/contracts";
import { expandRulePlaceholders } from "../../detection/conditions/placeholders.ts";
import { compileRule } from "../../detection/evaluators/index.ts";
import { errors, zodDetails } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import { restoreSecrets, withoutSecrets } from "./action-secrets.ts";
import type { AuditSink, ChangeOrigin } from "./audit-port.ts";
import type { Placeholder, PlaceholdersRepository } from "./placeholders.repository.ts";
import { isUniqueViolation, type RulesRepository } from "./rules.repository.ts";

const NAME_TAKEN = "A rule with this name already exists";

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
  ) {}

  async list(): Promise<Rule[]> {
    return (await this.repository.list()).map(withoutSecrets);
  }

  /**
   * The enabled rules with their secrets and their `expand` placeholders replaced, as the engine compiles
   * them (never to be shown to a user).
   */
  async listEnabled(): Promise<Rule[]> {
    const [rules, values] = await Promise.all([this.repository.list(true), this.placeholders.values()]);
    return rules.map((rule) => expandRulePlaceholders(rule, values));
  }

  /** A rule with its placeholders replaced, as a backtest replays it. */
  async expanded(rule: Rule): Promise<Rule> {
    return expandRulePlaceholders(rule, await this.placeholders.values());
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
    await this.#assertCompiles(merged.data);
    const rule = await this.#unique(() => this.repository.replace(id, merged.data));
    if (!rule) throw errors.notFound("Rule");
    await this.#changed(rule, "rule.updated", origin, { fields: Object.keys(patch) });
    return withoutSecrets(rule);
  }

  /** Turns a rule on or off (seed A's toggle). */
  async toggle(id: string, origin: ChangeOrigin): Promise<Rule> {
    const current = await this.#stored(id);
    const rule = await this.repository.replace(id, { ...(current as RuleCreate), enabled: !current.enabled });
    if (!rule) throw errors.notFound("Rule");
    await this.#changed(rule, "rule.toggled", origin, { enabled: rule.enabled });
    return withoutSecrets(rule);
  }

  async remove(id: string, origin: ChangeOrigin): Promise<void> {
    const rule = await this.#stored(id);
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
  async #assertCompiles(rule: RuleCreate): Promise<void> {
    try {
      compileRule(expandRulePlaceholders({ ...rule, id: "candidate" }, await this.placeholders.values()));
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

/** Parses a full rule (seed A conversions, the default pack); issues come back as 422 details. */
export function parseRule(input: unknown): RuleCreate {
  const parsed = RuleCreateSchema.safeParse(input);
  if (!parsed.success) throw errors.validation("The rule is not valid", zodDetails(parsed.error));
  return parsed.data;
}
