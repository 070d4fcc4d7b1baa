import {
  compileFilter,
  compileGroupReader,
  type EventPredicate,
  filterRequirements,
  type GroupReader,
} from "../match.ts";
import type { WindowEntry, WindowStore } from "../state/window-store.ts";
import type { DetectionEvent, Evaluator, Firing } from "../types.ts";
import { compileFrame, fire, type RuleFrame, recordInWindow, windowEntries } from "./common.ts";

interface CompiledStep {
  readonly matches: EventPredicate;
  readonly count: number;
  /** The step's own group reader when its aliases read some group-by names from other fields. */
  readonly groupOf: GroupReader | null;
}

/** Bit k set when the event matches step k (a sequence has at most 10 steps). */
function stepMask(steps: readonly CompiledStep[], event: DetectionEvent): number {
  let mask = 0;
  for (let step = 0; step < steps.length; step++) if (steps[step]!.matches(event)) mask |= 1 << step;
  return mask;
}

/**
 * The events completing every step in order, or null. Greedy is enough: counting each event for the
 * earliest unfinished step completes every step as early as any other assignment could.
 */
function orderedChain(steps: readonly CompiledStep[], entries: readonly WindowEntry[]): WindowEntry[] | null {
  const chain: WindowEntry[] = [];
  let step = 0;
  let counted = 0;
  for (const entry of entries) {
    if ((Number(entry.tag) & (1 << step)) === 0) continue;
    chain.push(entry);
    if (++counted < steps[step]!.count) continue;
    step++;
    counted = 0;
    if (step === steps.length) return chain;
  }
  return null;
}

/** The steps (as a mask) that at least their count of the tallied entries match, in any order. */
function reachedSteps(steps: readonly CompiledStep[], maskCounts: ReadonlyMap<string, number> = new Map()) {
  let reached = 0;
  steps.forEach((step, index) => {
    let matching = 0;
    for (const [mask, count] of maskCounts) if (Number(mask) & (1 << index)) matching += count;
    if (matching >= step.count) reached |= 1 << index;
  });
  return reached;
}

const bitCount = (mask: number) => {
  let bits = 0;
  for (let rest = mask; rest; rest &= rest - 1) bits++;
  return bits;
};

/** How many of each step mask the entries carry. */
function maskCountsOf(entries: readonly WindowEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { tag } of entries) if (tag !== undefined) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return counts;
}

/** The entries a firing lists: the chain in order, or, in any order, the entries of the steps reached. */
type Completion = (entries: readonly WindowEntry[]) => WindowEntry[] | null;

function completionOf(steps: readonly CompiledStep[], ordered: boolean, required: number): Completion {
  if (ordered) return (entries) => orderedChain(steps, entries);
  return (entries) => {
    const reached = reachedSteps(steps, maskCountsOf(entries));
    if (bitCount(reached) < required) return null;
    return entries.filter((entry) => Number(entry.tag) & reached);
  };
}

/** Steps grouped by the group their events fall in (steps with aliases may put one event in several). */
function groupsOf(frame: RuleFrame, steps: readonly CompiledStep[], event: DetectionEvent, mask: number) {
  if (!steps.some((step) => step.groupOf)) {
    const group = frame.groupOf(event);
    return group ? [{ group, mask }] : [];
  }
  const byKey = new Map<string, { group: NonNullable<ReturnType<GroupReader>>; mask: number }>();
  steps.forEach((step, index) => {
    if (!(mask & (1 << index))) return;
    const group = (step.groupOf ?? frame.groupOf)(event);
    if (!group) return;
    const known = byKey.get(group.key);
    if (known) known.mask |= 1 << index;
    else byKey.set(group.key, { group, mask: 1 << index });
  });
  return [...byKey.values()];
}

/**
 * Fires when each step's count is reached within the window for one group: in step order (by event time),
 * or in any order with `ordered: false`, where `steps_required` of the steps suffice.
 */
export const sequenceEvaluator: Evaluator<"sequence"> = {
  compile(rule) {
    const frame = compileFrame(rule);
    const { conditions } = rule;
    const steps: CompiledStep[] = conditions.steps.map((step, index) => ({
      matches: compileFilter(step.event_filter, `steps.${index}.event_filter`),
      count: step.count,
      groupOf: step.aliases ? compileGroupReader(conditions, step.aliases) : null,
    }));
    const ordered = conditions.ordered !== false;
    const required = ordered ? steps.length : (conditions.steps_required ?? steps.length);
    const complete = completionOf(steps, ordered, required);
    const mayComplete = (tally: ReadonlyMap<string, number> | undefined) =>
      ordered
        ? reachedSteps(steps, tally) === (1 << steps.length) - 1
        : bitCount(reachedSteps(steps, tally)) >= required;

    async function evaluateIn(
      store: WindowStore,
      event: DetectionEvent,
      group: ReturnType<GroupReader>,
      mask: number,
    ) {
      const tally = { tagCounts: true };
      const window = await recordInWindow(frame, store, event, { tag: String(mask), tally, group });
      if (!window || !mayComplete(window.tally.tagCounts)) return null;
      const matched = complete(await windowEntries(frame, store, window));
      return matched ? fire(frame, store, window, matched, event) : null;
    }

    return {
      rule_id: rule.id,
      requirements: filterRequirements(...conditions.steps.map((step) => step.event_filter)),
      accepts: (event) => stepMask(steps, event) !== 0,
      async evaluate(event, store) {
        const mask = stepMask(steps, event);
        if (mask === 0) return null;
        let firing: Firing | null = null;
        // One event may complete the windows of two groups (aliases): the first firing is returned.
        for (const part of groupsOf(frame, steps, event, mask)) {
          const completed = await evaluateIn(store, event, part.group, part.mask);
          firing ??= completed;
        }
        return firing;
      },
    };
  },
};
