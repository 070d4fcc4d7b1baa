import { beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import type { Page } from "./support/browser.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
const MINUTE = 60_000;

/** This file's own values, so that other files' events never change what it expects. */
const HOST = unique("disc-host");
const ALICE = unique("disc-alice");
const BOB = unique("disc-bob");
/** Bob's sshd service name: read from `normalized.service` by the panel and a field column. */
const MARKER = unique("discmark");
/** A host with more than one page of events, for the scrolling checks. */
const BUSY_HOST = unique("disc-busy");

/** A poll that allows a loaded machine its time (the default gives up after a second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const q = (page: Page) => new URL(page.url()).searchParams.get("q");
const scrollTop = (page: Page) =>
  page.locator('[data-testid="events-table"]').evaluate((el) => (el as HTMLElement).scrollTop);

describe("the events table as in Discover", () => {
  beforeAll(async () => {
    const at = (i: number) => new Date(Date.now() - 30 * MINUTE + i * 1000).toISOString();
    const base = { source_type: "auth", event_type: "login_failure", hostname: HOST, site_id: "AUDIO_011" };
    await suite.api.ingestBatch([
      ...[0, 1, 2].map((i) => ({ ...base, username: ALICE, message: `disc a${i}`, timestamp: at(i) })),
      { ...base, username: BOB, message: "disc b", timestamp: at(3), service: MARKER },
    ]);
    await suite.api.ingestBatch(
      Array.from({ length: 130 }, (_, i) => ({
        source_type: "network",
        event_type: "e2e_disc_flow",
        hostname: BUSY_HOST,
        site_id: "AUDIO_012",
        message: `busy flow ${i}`,
        timestamp: at(i),
      })),
    );
  });

  it("the field panel shows a field's top values; include and exclude edit the search", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events?q=${encodeURIComponent(`hostname:${HOST}`)}`);
    const rows = page.locator('[data-testid="event-row"]');
    await poll(() => rows.count()).toBe(4);
    const panel = page.locator('[data-testid="field-panel"]');
    await panel.locator('[data-testid="field-username"]').click();
    const values = panel.locator('[data-testid="top-value"]');
    await poll(() => values.count()).toBe(2);
    expect(await values.nth(0).textContent()).toContain(ALICE);
    expect(await values.nth(0).textContent()).toContain("3");
    expect(await values.nth(1).textContent()).toContain(BOB);
    // The keys seen in the page's events are offered too.
    await panel.locator('[data-testid="field-normalized.service"]').waitFor();
    expect(await seriousViolations(page, "field panel")).toEqual([]);

    await values.nth(1).locator('[data-testid="include-value"]').click();
    await poll(() => q(page)).toBe(`hostname:${HOST} AND username:"${BOB}"`);
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(BOB);

    await page.goto(`${suite.url}/events?q=${encodeURIComponent(`hostname:${HOST}`)}`);
    await panel.locator('[data-testid="field-username"]').click();
    await poll(() => values.count()).toBe(2);
    await values.nth(0).locator('[data-testid="exclude-value"]').click();
    await poll(() => q(page)).toBe(`hostname:${HOST} AND NOT username:"${ALICE}"`);
    await poll(() => rows.count()).toBe(1);
    expectClean(problems);
    await page.context().close();
  });

  it("autocompletes a field name and a value with the keyboard", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events`);
    const box = page.locator('[data-testid="event-search"]');
    await box.click();
    await box.pressSequentially("hostn");
    const options = page.locator('[data-testid="search-suggestion"]');
    await poll(() => options.first().textContent()).toContain("hostname");
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    expect(await seriousViolations(page, "autocomplete")).toEqual([]);
    await box.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.inputValue()).toBe("hostn");
    await box.press("ArrowDown"); // opens the list again
    await box.press("ArrowDown");
    expect(await box.getAttribute("aria-activedescendant")).toBeTruthy();
    await box.press("Enter");
    expect(await box.inputValue()).toBe("hostname:");
    expect(q(page)).toBeNull(); // Enter took the suggestion, it did not search
    await box.pressSequentially(HOST.slice(0, 14));
    await poll(() => options.first().textContent()).toContain(HOST);
    await box.press("ArrowDown");
    await box.press("Tab");
    expect(await box.inputValue()).toBe(`hostname:${HOST} `);
    await box.press("Enter");
    await poll(() => q(page)).toBe(`hostname:${HOST}`);
    await poll(() => page.locator('[data-testid="event-row"]').count()).toBe(4);
    expectClean(problems);
    await page.context().close();
  });

  it("hides a column and adds a field column, kept after a reload, until reset", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/events?q=${encodeURIComponent(`hostname:${HOST}`)}`);
    await poll(() => page.locator('[data-testid="event-row"]').count()).toBe(4);
    const headers = () => page.locator('[data-testid="events-table"] th').allTextContents();
    expect((await headers()).join("|").toLowerCase()).toContain("site");
    await page.locator('[data-testid="columns-button"]').click();
    expect(await seriousViolations(page, "column chooser")).toEqual([]);
    await page.locator('[data-testid="column-site"]').uncheck();
    await page.locator('[data-testid="column-add"]').fill("normalized.service");
    await page.locator('[data-testid="column-add"]').press("Enter");
    await page.keyboard.press("Escape");
    const bobRow = page.locator('[data-testid="event-row"]').filter({ hasText: BOB });
    await poll(() => bobRow.textContent()).toContain(MARKER);

    await page.reload();
    await poll(() => page.locator('[data-testid="event-row"]').count()).toBe(4);
    expect(await headers()).toContain("normalized.service");
    expect((await headers()).map((h) => h.toLowerCase())).not.toContain("site");
    await page.locator('[data-testid="columns-button"]').click();
    await page.locator('[data-testid="columns-reset"]').click();
    await poll(async () => (await headers()).includes("normalized.service")).toBe(false);
    expectClean(problems);
    await page.context().close();
  });

  it("holds live arrivals while scrolled down behind an 'N new' pill, and paging opens at the top", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events?hostname=${BUSY_HOST}`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    await poll(() => page.locator('[data-testid="event-row"]').count()).toBeGreaterThan(10);
    const table = page.locator('[data-testid="events-table"]');
    await table.evaluate((el) => el.scrollTo({ top: 1200 }));
    await poll(() => scrollTop(page)).toBeGreaterThan(0);
    const first = await page.locator('[data-testid="event-row"]').first().getAttribute("data-row-id");

    const fresh = await suite.api.ingest({
      source_type: "network",
      event_type: "e2e_disc_flow",
      hostname: BUSY_HOST,
    });
    const pill = page.locator('[data-testid="new-events-pill"]');
    await pill.waitFor({ timeout: 15_000 });
    expect(await pill.textContent()).toContain("1 new event");
    expect(await page.locator(`[data-row-id="${fresh.id}"]`).count()).toBe(0);
    expect(await page.locator('[data-testid="event-row"]').first().getAttribute("data-row-id")).toBe(first);
    await pill.click();
    await poll(() => scrollTop(page)).toBe(0);
    await poll(() => page.locator('[data-testid="event-row"]').first().getAttribute("data-row-id")).toBe(
      fresh.id,
    );
    expect(await pill.count()).toBe(0);

    // "Next" opens page 2 at its first row.
    await table.evaluate((el) => el.scrollTo({ top: 1200 }));
    await poll(() => scrollTop(page)).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Next" }).click();
    await poll(() => new URL(page.url()).searchParams.get("page")).toBe("2");
    await poll(() => scrollTop(page)).toBe(0);
    expectClean(problems);
    await page.context().close();
  });

  it("puts the field panel behind a button on a phone", async () => {
    const { page, problems } = await suite.signedIn("first-admin", { viewport: { width: 390, height: 844 } });
    await page.goto(`${suite.url}/events?q=${encodeURIComponent(`hostname:${HOST}`)}`);
    await poll(() => page.locator('[data-testid="event-row"]').count()).toBe(4);
    expect(await page.locator('[data-testid="field-panel"]').count()).toBe(0);
    await page.locator('[data-testid="field-panel-toggle"]').click();
    await page.locator('[data-testid="field-panel"] [data-testid="field-username"]').click();
    await poll(() => page.locator('[data-testid="top-value"]').count()).toBe(2);
    await page.keyboard.press("Escape");
    expect(await page.locator('[data-testid="field-panel"]').count()).toBe(0);
    expectClean(problems);
    await page.context().close();
  });
});
