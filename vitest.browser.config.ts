import { defineConfig } from "vitest/config";
import { ClockBoundFirst } from "./apps/web/e2e/support/sequencer.ts";

/** `npm run test:browser`: the web console driven through Debian's Chromium against a real Vigie process. */
export default defineConfig({
  test: {
    include: ["apps/web/e2e/**/*.browser.test.ts"],
    globalSetup: ["apps/web/e2e/support/global-setup.ts"],
    // Two files at a time, each worker with its own server (global-setup.ts) and each file with its own
    // browser: a file mostly waits on its page and server, so two keep the 2 cores busy (docs/TESTING.md).
    // VIGIE_BROWSER_WORKERS overrides.
    maxWorkers: Number(process.env.VIGIE_BROWSER_WORKERS) || 2,
    pool: "forks",
    sequence: { sequencer: ClockBoundFirst },
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
