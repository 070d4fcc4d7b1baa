import type {
  Condition,
  RuleException,
  RuleExceptionCreate,
  RuleExceptionUpdate,
  RuleFilter,
} from "@vigie/contracts";
import { asCondition, ConditionError, compileCondition } from "../../detection/conditions/compile.ts";
import { conditionFromEvents } from "../../detection/conditions/exceptions.ts";
import { expandPlaceholders } from "../../detection/conditions/placeholders.ts";
import { referencedRuleIds } from "../../detection/conditions/references.ts";
import { errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { AlertsRepository } from "../alerts/alerts.repository.ts";
import type { EventsRepository } from "../logs/events.repository.ts";
import type { AuditSink, ChangeOrigin } from "./audit-port.ts";
import type { ExceptionChanges, RuleExceptionsRepository } from "./exceptions.repository.ts";
import type { PlaceholdersRepository } from "./placeholders.repository.ts";
import type { RulesRepository } from "./rules.repository.ts";

/** What the exceptions service reads and writes through. */
export interface RuleExceptionsDeps {
  exceptions: RuleExceptionsRepository;
  rules: Pick<RulesRepository, "get">;
  alerts: Pick<AlertsRepository, "get">;
  events: Pick<EventsRepository, "getMany">;
  placeholders: Pick<PlaceholdersRepository, "values">;
  bus: Bus;
  audit: AuditSink;
  clock: Clock;
}

const invalid = (field: string, message: string) =>
  errors.validation("The exception is not valid", [{ field, message, type: "compile" }]);

/**
 * Rule exceptions (docs/RULES.md "Exceptions"): validated like a rule's filter, audited with the rule and
 * the reason, and `rules.changed` published after each write so the engine applies them at once.
 */
export class RuleExceptionsService {
  constructor(private readonly deps: RuleExceptionsDeps) {}

  /** A rule's exceptions, oldest first; 404 for an unknown rule. */
  async list(ruleId: string): Promise<RuleException[]> {
    await this.#rule(ruleId);
    return this.deps.exceptions.list(ruleId, this.deps.clock.now());
  }

  /** Adds an exception, written as a condition or made from an alert of this rule. */
  async create(ruleId: string, input: RuleExceptionCreate, origin: ChangeOrigin): Promise<RuleException> {
    const rule = await this.#rule(ruleId);
    const condition =
      input.condition !== undefined
        ? await this.#valid(input.condition)
        : await this.#fromAlert(rule.id, input.from_alert!, input.fields!);
    const exception = await this.deps.exceptions.insert(
      {
        rule_id: rule.id,
        condition,
        reason: input.reason,
        author_id: origin.actor?.id ?? null,
        author: origin.actor?.username ?? null,
        from_alert_id: input.condition === undefined ? input.from_alert! : null,
        enabled: input.enabled,
        expires_at: input.expires_at ?? null,
      },
      this.deps.clock.now(),
    );
    await this.#changed(exception, "rule_exception.created", origin, {
      from_alert: exception.from_alert_id,
      expires_at: exception.expires_at,
    });
    return exception;
  }

  async update(
    ruleId: string,
    id: string,
    patch: RuleExceptionUpdate,
    origin: ChangeOrigin,
  ): Promise<RuleException> {
    await this.#rule(ruleId);
    const changes: ExceptionChanges = { ...patch };
    if (patch.condition !== undefined) changes.condition = await this.#valid(patch.condition);
    const exception = await this.deps.exceptions.update(ruleId, id, changes, this.deps.clock.now());
    if (!exception) throw errors.notFound("Exception");
    await this.#changed(exception, "rule_exception.updated", origin, { fields: Object.keys(patch) });
    return exception;
  }

  async remove(ruleId: string, id: string, origin: ChangeOrigin): Promise<void> {
    await this.#rule(ruleId);
    const exception = await this.deps.exceptions.get(ruleId, id, this.deps.clock.now());
    if (!exception || !(await this.deps.exceptions.delete(ruleId, id))) throw errors.notFound("Exception");
    await this.#changed(exception, "rule_exception.deleted", origin, {});
  }

  async #rule(id: string) {
    const rule = await this.deps.rules.get(id);
    if (!rule) throw errors.notFound("Rule");
    return rule;
  }

  /**
   * The condition as stored, refused (422 naming the part) when it could not compile: a regular expression
   * RE2 refuses, a placeholder without values... Exceptions name fields, not rules: a reference would tie
   * the rule to another rule's filter.
   */
  async #valid(filter: RuleFilter): Promise<RuleFilter> {
    if (referencedRuleIds({ event_filter: filter }).length)
      throw invalid("condition", "an exception cannot reference a rule: name the fields it tests");
    try {
      compileCondition(expandPlaceholders(asCondition(filter), await this.deps.placeholders.values()));
    } catch (error) {
      if (!(error instanceof ConditionError)) throw error;
      throw invalid(error.path ? `condition.${error.path}` : "condition", error.reason);
    }
    return filter;
  }

  /** The condition testing `fields` for the values they hold in the events of an alert this rule raised. */
  async #fromAlert(ruleId: string, alertId: string, fields: string[]): Promise<Condition> {
    const alert = await this.deps.alerts.get(alertId);
    if (!alert) throw invalid("from_alert", `alert ${alertId} does not exist`);
    if (alert.rule_id !== ruleId) throw invalid("from_alert", "the alert was raised by another rule");
    const events = await this.deps.events.getMany(alert.matched_event_ids);
    const { condition, missing } = conditionFromEvents(events, fields);
    if (missing.length)
      throw invalid(
        "fields",
        `the alert's events have no value for ${missing.map((f) => `"${f}"`).join(", ")}`,
      );
    return condition;
  }

  async #changed(
    exception: RuleException,
    action: string,
    origin: ChangeOrigin,
    details: Record<string, unknown>,
  ) {
    await this.deps.bus.publish("rules.changed", { rule_id: exception.rule_id });
    await this.deps.audit.record({
      ...origin,
      action,
      target_type: "rule",
      target_id: exception.rule_id,
      details: { exception_id: exception.id, reason: exception.reason, ...details },
    });
  }
}
