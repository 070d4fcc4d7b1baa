import {
  AudioSocConditionSchema,
  audioSocConditionToThreshold,
  RULE_ACTIONS,
  type Rule,
  type RuleUpdate,
  SEVERITIES,
  thresholdToAudioSocCondition,
} from "@vigie/contracts";
import { z } from "zod";
import { errors } from "../../http/errors.ts";

const audioSocFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullish(),
  enabled: z.boolean(),
  condition: AudioSocConditionSchema,
  action: z.enum(RULE_ACTIONS),
  action_config: z.record(z.string(), z.unknown()).nullish(),
  severity: z.enum(SEVERITIES),
};

/** The AudioSOC v1 API's rule body (CONTRACT §4.2): one threshold condition and one action. */
export const AudioSocRuleBody = z.object({
  ...audioSocFields,
  enabled: audioSocFields.enabled.default(true),
  action: audioSocFields.action.default("log"),
  severity: audioSocFields.severity.default("medium"),
});
/** The AudioSOC v1 API's partial update (no defaults: what is absent stays as it is). */
export const AudioSocRulePatch = z
  .object(audioSocFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "nothing to update");
type AudioSocRulePatch = z.output<typeof AudioSocRulePatch>;

/**
 * A rule in the AudioSOC v1 API's shape. Every rule is listed; `condition` is null when AudioSOC v1 cannot express the rule
 * (a sequence or aggregation, or a threshold with a group or a filter on other fields), and `rule_type`
 * tells which. `action`/`action_config` are the rule's first action (`log` when it has none).
 */
export function toAudioSocRule(rule: Rule) {
  const [first] = rule.actions;
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description ?? null,
    enabled: rule.enabled,
    rule_type: rule.rule_type,
    condition: thresholdToAudioSocCondition(rule),
    action: first?.type ?? "log",
    action_config: first?.config ?? {},
    severity: rule.severity,
    trigger_count: rule.trigger_count,
    last_triggered: rule.last_triggered,
    last_error: rule.last_error,
    created_at: rule.created_at,
  };
}

/** AudioSOC v1 mail configs name their recipients `to` (a string or a list); the native config calls them `recipients`. */
function actionConfig(action: string, config: Record<string, unknown> | null | undefined) {
  const given = config ?? {};
  if (action !== "email" || given.recipients !== undefined || given.to === undefined) return given;
  const { to, ...rest } = given;
  return { ...rest, recipients: Array.isArray(to) ? to : [to] };
}

/**
 * The native patch of a AudioSOC v1 change to `current` (or, without `current`, of a new rule). A condition
 * replaces the conditions of a threshold rule; sequence and aggregation rules are edited natively.
 */
export function fromAudioSoc(body: AudioSocRulePatch, current?: Rule): RuleUpdate {
  const patch: RuleUpdate = {};
  if (body.name !== undefined) patch.name = body.name;
  if (body.description !== undefined) patch.description = body.description;
  if (body.enabled !== undefined) patch.enabled = body.enabled;
  if (body.severity !== undefined) patch.severity = body.severity;
  if (body.condition) {
    if (current && current.rule_type !== "threshold") {
      throw errors.audioSocBadRequest(
        `Rule "${current.name}" is a ${current.rule_type} rule: edit its conditions through /api/v1/rules`,
      );
    }
    patch.rule_type = "threshold";
    patch.conditions = audioSocConditionToThreshold(body.condition) ?? {};
  }
  if (body.action !== undefined || body.action_config !== undefined) {
    const type = body.action ?? current?.actions[0]?.type ?? "log";
    const sameType = current?.actions[0]?.type === type;
    const config =
      body.action_config !== undefined ? body.action_config : sameType ? current?.actions[0]?.config : {};
    const rest = current?.actions.slice(1) ?? [];
    patch.actions = [{ type, config: actionConfig(type, config) } as never, ...rest];
  }
  return patch;
}
