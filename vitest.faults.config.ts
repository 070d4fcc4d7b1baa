import { defineConfig } from "vitest/config";

const faults = "apps/server/test/faults";
const common = { testTimeout: 180_000, hookTimeout: 120_000, pool: "forks" } as const;

/**
 * `npm run test:faults`: the fault suite. Each file starts its own PostgreSQL cluster and Redis server
 * on free ports and kills only those. First the fuzz shards, side by side (each is bound by one core);
 * then the other files one at a time (they start, stop and kill whole clusters on 2 cores, and time
 * their recoveries).
 */
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...common,
          name: "fuzz",
          include: [`${faults}/fuzz-*.test.ts`],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...common,
          name: "faults",
          include: [`${faults}/**/*.test.ts`],
          exclude: [`${faults}/fuzz-*.test.ts`],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
