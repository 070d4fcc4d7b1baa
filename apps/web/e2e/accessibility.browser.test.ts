import { beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { historicEvents } from "./support/demo-data.ts";
import { PAGES, settled } from "./support/pages.ts";
import { browserSuite } from "./support/suite.ts";

const suite = browserSuite();
describe("accessibility (axe-core)", () => {
  beforeAll(async () => {
    await suite.api.ingestBatch(historicEvents(60));
  });

  for (const theme of ["dark", "light"] as const) {
    // Ten pages, each scanned whole: allowed more than the default two minutes on a loaded 2-core machine.
    it(`no serious or critical violation on any page (${theme})`, { timeout: 300_000 }, async () => {
      const { page } = await suite.signedIn("first-admin", { theme });
      const found: string[] = [];
      for (const target of PAGES) {
        await page.goto(`${suite.url}${target.path}`);
        await page.locator(target.ready).first().waitFor();
        await settled(page);
        found.push(...(await seriousViolations(page, target.path)));
      }
      expect(found, found.join("\n")).toEqual([]);
      await page.context().close();
    });
  }
});

describe("keyboard", () => {
  it("a skip link leads to the page, and a drawer takes focus, keeps Tab inside and gives focus back", async () => {
    const { page } = await suite.signedIn();
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="event-row"]').first().waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("skip-link");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    const pivot = page.locator('[data-testid="event-row"] button').first();
    await pivot.focus();
    await page
      .locator('[data-testid="event-row"]')
      .first()
      .click({ position: { x: 5, y: 5 } });
    const drawer = page.locator('[role="dialog"]');
    await drawer.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("dialog");
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(
        true,
      );
    }
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-testid="event-row"]') !== null),
    ).toBe(true);
    await page.context().close();
  });
});
