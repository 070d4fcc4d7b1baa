import { beforeAll, describe, expect, it } from "vitest";
import { historicEvents } from "./support/demo-data.ts";
import { PAGES, settled } from "./support/pages.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

describe("every page", () => {
  beforeAll(async () => {
    await suite.api.ingestBatch(historicEvents(120));
  });

  for (const theme of ["dark", "light"] as const) {
    it(`renders with data and without console errors or error states (${theme})`, async () => {
      const { page, problems } = await suite.signedIn("first-admin", { theme });
      for (const target of PAGES) {
        await page.goto(`${suite.url}${target.path}`);
        await expect.poll(() => page.locator("main h1").first().textContent()).toContain(target.title);
        await page.locator(target.ready).first().waitFor();
        await settled(page);
        expect(await page.locator('main [role="alert"]').count(), `error state on ${target.path}`).toBe(0);
      }
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(
        theme === "dark",
      );
      expectClean(problems);
      await page.context().close();
    });
  }

  it("speaks French when the browser does, and switches language and theme from the sidebar", async () => {
    const { page, problems } = await suite.signedIn("first-admin", { locale: "fr" });
    await page.goto(`${suite.url}/events`);
    await expect.poll(() => page.locator("main h1").textContent()).toBe("Événements");
    await page.locator('[data-testid="locale-en"]').click();
    await expect.poll(() => page.locator("main h1").textContent()).toBe("Events");
    await page.locator('[data-testid="theme-toggle"]').click();
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
    await page.reload();
    await expect.poll(() => page.locator("main h1").textContent()).toBe("Events");
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
    expectClean(problems);
    await page.context().close();
  });

  it("shows a not-found page for an unknown route", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/no-such-page`);
    await page.locator('[data-testid="empty-state"]').waitFor();
    expect(await page.locator('[data-testid="empty-state"]').textContent()).toMatch(/not found/i);
    expectClean(problems);
    await page.context().close();
  });
});
