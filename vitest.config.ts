import os from "node:os";
import { defineConfig } from "vitest/config";

/** The README's `npm test`: unit and integration suites of every workspace (browser tests live in vitest.browser.config.ts). */
export default defineConfig({
  test: {
    include: [
      "apps/*/src/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "packages/*/src/**/*.test.ts",
      "tools/**/*.test.ts",
      "apps/web/src/**/*.test.tsx",
    ],
    // The fault suite runs alone (vitest.faults.config.ts): it starts and kills its own servers.
    exclude: ["**/node_modules/**", "**/*.browser.test.ts", "apps/server/test/faults/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // A worker process runs its files one after another in one module graph: the server's modules are
    // loaded once per worker instead of once per file, which was 40 % of the run (docs/TESTING.md).
    isolate: false,
    // vitest runs one file per core but one: a single file at a time on this 2-core machine, while a file
    // spends much of its time waiting on its database (a PGlite worker thread, or PostgreSQL). More files
    // than cores keep both cores busy. VIGIE_TEST_WORKERS overrides (docs/TESTING.md).
    maxWorkers: Number(process.env.VIGIE_TEST_WORKERS) || os.availableParallelism() + 1,
  },
});
