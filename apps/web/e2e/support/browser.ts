import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium; never a downloaded one (`playwright install` is not used in this project). */
export const CHROMIUM = process.env.VIGIE_CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface BrowserOptions {
  theme?: "dark" | "light";
  locale?: "en" | "fr";
  viewport?: { width: number; height: number };
}

/**
 * Launches Debian's Chromium. Playwright gives every launch a fresh temporary user-data dir (removed on close),
 * and every context below is isolated from the others (own storage), so each test signs in from scratch.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A fresh context with the theme and language preset as a returning user would have them. */
export async function newContext(browser: Browser, options: BrowserOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: options.locale === "fr" ? "fr-FR" : "en-US",
    timezoneId: "UTC",
  });
  await context.addInitScript(
    ([theme, locale]) => {
      if (!localStorage.getItem("vigie.theme"))
        localStorage.setItem("vigie.theme", JSON.stringify({ state: { theme }, version: 0 }));
      if (!localStorage.getItem("vigie.locale"))
        localStorage.setItem("vigie.locale", JSON.stringify({ state: { locale }, version: 0 }));
    },
    [options.theme ?? "dark", options.locale ?? "en"] as const,
  );
  return context;
}

/** Console errors, uncaught page errors, Content-Security-Policy violations and dialogs seen by one page. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  dialogs: string[];
}

/**
 * Opens a page that records every console error, uncaught exception, CSP violation (the browser's
 * `securitypolicyviolation` events) and dialog (dialogs are dismissed).
 */
export async function openPage(context: BrowserContext): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [] };
  await page.exposeBinding("__vigieCspViolation", (_source, text: string) => {
    problems.cspViolations.push(`${text} @ ${page.url()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __vigieCspViolation(text: string): void }).__vigieCspViolation;
      report(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(`${message.text()} @ ${page.url()}`);
  });
  page.on("pageerror", (error) => problems.pageErrors.push(`${error.message} @ ${page.url()}`));
  page.on("dialog", (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  return { page, problems };
}

/** Fills the login form (the contract's `name="username"` / `name="password"`) and submits it. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('[data-testid="login-form"] button[type="submit"]').click();
}

/** Goes to `/login`, signs in and waits for the app shell to know who is signed in (on a phone the menu holding the name is folded). */
export async function loginAs(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await signIn(page, username, password);
  await page
    .locator('[data-testid="current-user"]')
    .filter({ hasText: username })
    .waitFor({ state: "attached" });
}

export type { Browser, BrowserContext, Page };
