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
  },
});
