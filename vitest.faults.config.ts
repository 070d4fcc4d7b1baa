import { defineConfig } from "vitest/config";

/**
 * `npm run test:faults`: the fault suite. Each file starts its own PostgreSQL cluster and Redis server
 * on free ports and kills only those; files run one at a time (they start whole clusters on 2 cores).
 */
export default defineConfig({
  test: {
    include: ["apps/server/test/faults/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
