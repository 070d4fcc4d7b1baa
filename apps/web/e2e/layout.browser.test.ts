import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "./support/browser.ts";
import { historicEvents } from "./support/demo-data.ts";
import { overflowingElements, VIEWPORTS } from "./support/layout.ts";
import { PAGES, settled } from "./support/pages.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

const sidebar = (page: Page) => page.locator("aside#main-navigation");
const menuButton = (page: Page) => page.locator('[data-testid="nav-toggle"]');

describe("small screens", () => {
  beforeAll(async () => {
    await suite.api.ingestBatch(historicEvents(120));
  });

  // French labels are the longer ones: the phone is checked in both languages.
  for (const [name, locale] of [
    ["phone", "en"],
    ["phone", "fr"],
    ["laptop", "en"],
  ] as const) {
    const viewport = VIEWPORTS[name];
    it(`nothing sticks out past the right edge at ${viewport.width} px (${locale}), on any page`, async () => {
      const { page, problems } = await suite.signedIn("first-admin", { viewport, locale });
      for (const target of PAGES) {
        await page.goto(`${suite.url}${target.path}`);
        if (locale === "en")
          await expect.poll(() => page.locator("main h1").first().textContent()).toContain(target.title);
        await page.locator(target.ready).first().waitFor();
        await settled(page);
        expect(await overflowingElements(page), target.path).toEqual([]);
      }
      expectClean(problems);
      await page.context().close();
    });
  }

  it("at 390 px the navigation folds behind a menu button that opens it, and it closes again", async () => {
    const { page, problems } = await suite.signedIn("first-admin", { viewport: VIEWPORTS.phone });
    await page.goto(`${suite.url}/dashboard`);
    expect(await sidebar(page).isVisible()).toBe(false);
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("false");

    await menuButton(page).click();
    await sidebar(page).waitFor();
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Dashboard");
    expect((await sidebar(page).boundingBox())!.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    expect(await overflowingElements(page)).toEqual([]);

    // Following a link lands on the page with the menu folded away.
    await sidebar(page).getByRole("link", { name: "Alerts" }).click();
    await expect.poll(() => page.locator("main h1").textContent()).toBe("Alerts");
    await sidebar(page).waitFor({ state: "hidden" });

    // Escape folds it and gives the focus back to the menu button.
    await menuButton(page).click();
    await sidebar(page).waitFor();
    await page.keyboard.press("Escape");
    await sidebar(page).waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("nav-toggle");

    // So does a tap on the dimmed page beside it.
    await menuButton(page).click();
    await sidebar(page).waitFor();
    await page.mouse.click(VIEWPORTS.phone.width - 10, VIEWPORTS.phone.height / 2);
    await sidebar(page).waitFor({ state: "hidden" });
    expectClean(problems);
    await page.context().close();
  });

  it("at 1024 px the sidebar stays in place and there is no menu button", async () => {
    const { page, problems } = await suite.signedIn("first-admin", { viewport: VIEWPORTS.laptop });
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="event-row"]').first().waitFor();
    expect(await sidebar(page).isVisible()).toBe(true);
    expect(await menuButton(page).isVisible()).toBe(false);
    const nav = (await sidebar(page).boundingBox())!;
    const main = (await page.locator("main").boundingBox())!;
    expect(main.x).toBeGreaterThanOrEqual(nav.x + nav.width - 1);
    expectClean(problems);
    await page.context().close();
  });

  it("at 390 px the event table scrolls inside its box, the filters fold, and the detail fits", async () => {
    const { page, problems } = await suite.signedIn("first-admin", { viewport: VIEWPORTS.phone });
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="event-row"]').first().waitFor();
    const table = page.locator('[data-testid="events-table"]');
    const sizes = await table.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      right: el.getBoundingClientRect().right,
    }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    expect(sizes.right).toBeLessThanOrEqual(VIEWPORTS.phone.width);

    const severity = page.locator('[data-testid="event-filters"] select[name="severity"]');
    expect(await severity.isVisible()).toBe(false);
    await page.locator('[data-testid="filters-toggle"]').click();
    await severity.selectOption("high");
    expect(await overflowingElements(page)).toEqual([]);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("severity")).toBe("high");
    await expect.poll(() => page.locator('[data-testid="filters-toggle"]').textContent()).toBe("Filters (1)");

    await page.locator('[data-testid="event-row"]').first().click();
    await page.locator('[role="dialog"]').waitFor();
    expect(await overflowingElements(page)).toEqual([]);
    expectClean(problems);
    await page.context().close();
  });
});
