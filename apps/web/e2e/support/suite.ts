import type { Role } from "@vigie/contracts";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { VigieApi } from "./api.ts";
import {
  type Browser,
  type BrowserOptions,
  launchBrowser,
  loginAs,
  newContext,
  openPage,
  type Page,
  type PageProblems,
} from "./browser.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./server.ts";

/** What a browser test file works with: the server's URL, an API client for setup, and fresh pages. */
export interface Suite {
  url: string;
  api: VigieApi;
  /** A page in a new isolated context (own storage), recording console errors, page errors and dialogs. */
  page: (options?: BrowserOptions) => Promise<{ page: Page; problems: PageProblems }>;
  /** A new page signed in as the first admin, or as a new user of `role`. */
  signedIn: (
    role?: Role | "first-admin",
    options?: BrowserOptions,
  ) => Promise<{ page: Page; problems: PageProblems; username: string; password: string }>;
}

/** Registers the file's browser lifecycle (one Chromium per file) and returns its handles. */
export function browserSuite(): Suite {
  const urls = inject("vigieUrls");
  // VITEST_POOL_ID is the worker's slot, 1 to maxWorkers: no two files running at once share a server.
  const url = urls[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % urls.length]!;
  const api = new VigieApi(url);
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const page = async (options?: BrowserOptions) => {
    if (!browser) throw new Error("browser not launched yet");
    return openPage(await newContext(browser, options));
  };
  const signedIn = async (role: Role | "first-admin" = "first-admin", options?: BrowserOptions) => {
    const user =
      role === "first-admin"
        ? { username: ADMIN_USERNAME, password: ADMIN_PASSWORD }
        : await api.createUser(role);
    const opened = await page(options);
    await loginAs(opened.page, url, user.username, user.password);
    return { ...opened, username: user.username, password: user.password };
  };
  return { url, api, page, signedIn };
}

/** Fails with the collected messages when a page logged errors, threw, broke its CSP, or opened a dialog. */
export function expectClean(problems: PageProblems): void {
  expect({
    console: problems.consoleErrors,
    page: problems.pageErrors,
    csp: problems.cspViolations,
    dialogs: problems.dialogs,
  }).toEqual({ console: [], page: [], csp: [], dialogs: [] });
}
