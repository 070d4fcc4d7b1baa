import type { EventFactory, GeneratedEvent } from "./factory.ts";
import type { Random } from "./random.ts";

/** When the extraordinary events are woven into the everyday ones, counted in everyday events. */
export interface StreamPlan {
  /** A burst after every this many everyday events; null for none. */
  burstEvery: number | null;
  /** The kill chain, one step after every `attackEvery` everyday events. */
  attack: { events: GeneratedEvent[]; every: number } | null;
}

/** Burst sizes: enough to light up a dashboard, not enough to drown it. */
const BURST_SIZE = { min: 20, max: 40 };

/** An endless stream of events following `plan`; kill-chain steps get the time at which they are emitted. */
export function* eventStream(
  factory: EventFactory,
  rng: Random,
  plan: StreamPlan,
  clock: () => Date,
): Generator<GeneratedEvent> {
  const chain = [...(plan.attack?.events ?? [])];
  for (let n = 1; ; n++) {
    yield factory.everyday();
    if (plan.burstEvery !== null && n % plan.burstEvery === 0) {
      yield* factory.burst(rng.int(BURST_SIZE.min, BURST_SIZE.max));
    }
    const step = plan.attack && n % plan.attack.every === 0 ? chain.shift() : undefined;
    if (step) yield { ...step, timestamp: clock().toISOString() };
  }
}
