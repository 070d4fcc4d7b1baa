import { compileFilter, compileGroupReader, filterRequirements } from "../match.ts";
import type { Evaluator } from "../types.ts";
import { MAX_MATCHED_IDS, stateKeyPrefix } from "./common.ts";

const DAY_MS = 86_400_000;

/**
 * Fires when the values of `fields` on a matching event were not seen for its group during the history
 * before it: once per new value, on the node the store tells it is new (docs/adr/0029). Values are
 * compared without case. Nothing fires while the rule learns: during `learning_days` (default the
 * history) after the earliest event its set learnt from, which a replay of stored events moves back.
 */
export const firstSeenEvaluator: Evaluator<"first_seen"> = {
  compile(rule) {
    const { event_filter, fields, history_days, learning_days } = rule.conditions;
    const matches = compileFilter(event_filter);
    const groupOf = compileGroupReader(rule.conditions);
    const readValue = compileGroupReader({ group_by: fields, across_sites: true });
    const set = stateKeyPrefix(rule);
    const historyMs = history_days * DAY_MS;
    const learningMs = (learning_days ?? history_days) * DAY_MS;
    return {
      rule_id: rule.id,
      requirements: filterRequirements(event_filter),
      accepts: matches,
      historyMs,
      knownSince: (since, store) => store.noteKnownSince(set, since, historyMs),
      async evaluate(event, store) {
        const ts = Date.parse(event.timestamp);
        const group = groupOf(event);
        const value = readValue(event);
        if (Number.isNaN(ts) || !group || !value) return null;
        const seen = await store.noteSeen(set, `${group.key}\u001f${value.key.toLowerCase()}`, ts, historyMs);
        if (!seen?.isNew || ts < seen.since + learningMs) return null;
        const shown = [group.value, value.value].filter((part) => part !== "*");
        return {
          rule_id: rule.id,
          group_value: shown.join(" / "),
          group_fields: { ...group.fields, ...value.fields },
          matched_event_ids: [event.id].slice(0, MAX_MATCHED_IDS),
          matched_event_count: 1,
          event_time: new Date(ts).toISOString(),
          site_id: event.site_id,
        };
      },
    };
  },
};
