import { compileFilter, type EventPredicate, filterRequirements } from "../match.ts";
import type { WindowEntry } from "../state/window-store.ts";
import type { DetectionEvent, Evaluator } from "../types.ts";
import { compileFrame, fire, recordInWindow, windowEntries } from "./common.ts";

interface CompiledStep {
  readonly matches: EventPredicate;
  readonly count: number;
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

/**
 * True when the window holds, for every step, at least its count of matching events, in any order: what
 * an ordered chain needs, checked on the tally before reading the window to look for one.
 */
function enoughPerStep(steps: readonly CompiledStep[], maskCounts: ReadonlyMap<string, number> = new Map()) {
  return steps.every((step, index) => {
    let matching = 0;
    for (const [mask, count] of maskCounts) if (Number(mask) & (1 << index)) matching += count;
    return matching >= step.count;
  });
}

/** Fires when each step's count is reached, in step order (by event time), within the window, for one group. */
export const sequenceEvaluator: Evaluator<"sequence"> = {
  compile(rule) {
    const frame = compileFrame(rule);
    const steps: CompiledStep[] = rule.conditions.steps.map((step, index) => ({
      matches: compileFilter(step.event_filter, `steps.${index}.event_filter`),
      count: step.count,
    }));
    return {
      rule_id: rule.id,
      requirements: filterRequirements(...rule.conditions.steps.map((step) => step.event_filter)),
      accepts: (event) => stepMask(steps, event) !== 0,
      async evaluate(event, store) {
        const mask = stepMask(steps, event);
        if (mask === 0) return null;
        const window = await recordInWindow(frame, store, event, { tag: String(mask), withTagCounts: true });
        if (!window || !enoughPerStep(steps, window.tally.tagCounts)) return null;
        const chain = orderedChain(steps, await windowEntries(frame, store, window));
        return chain ? fire(frame, store, window, chain, event) : null;
      },
    };
  },
};
