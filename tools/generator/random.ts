import { randomInt } from "node:crypto";

/** A small seeded random source, so `--seed` replays exactly the same events. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One key of a weight table, proportionally to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** One element of a non-empty list, proportionally to its `weight`. */
  pickWeighted<T extends { weight: number }>(items: readonly T[]): T;
}

/** A random source seeded with `seed` (mulberry32), or with a fresh seed when none is given. */
export function createRandom(seed: number = randomInt(2 ** 31)): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pickWeighted = <T extends { weight: number }>(items: readonly T[]): T => {
    let roll = next() * items.reduce((sum, item) => sum + item.weight, 0);
    for (const item of items) {
      roll -= item.weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1]!;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)]!,
    pickWeighted,
    weighted: (weights) =>
      pickWeighted(Object.entries(weights).map(([key, weight]) => ({ key, weight: weight as number })))
        .key as never,
  };
}
