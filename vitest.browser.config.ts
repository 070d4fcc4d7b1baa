import { defineConfig } from "vitest/config";

/** `npm run test:browser`: the web console driven through Debian's Chromium against a real Vigie process. */
export default defineConfig({
  test: {
    include: ["apps/web/e2e/**/*.browser.test.ts"],
    globalSetup: ["apps/web/e2e/support/global-setup.ts"],
    // One server for the whole run, one browser per file, one file at a time: the machine is small.
    fileParallelism: false,
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
