import { beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { settled } from "./support/pages.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
/** Names of this file's own, so that other files' events and searches never change what it sees. */
const MARK = `e2e-saved-${Date.now().toString(36)}`;
const SITE = "AUDIO_013";
const QUERY = `username:${MARK}-alice "failed password"`;

describe("saved searches, recent searches, and a rule from a search", () => {
  beforeAll(async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const auth = { source_type: "auth", event_type: "login_failure", site_id: SITE, timestamp: at };
    await suite.api.ingestBatch([
      { ...auth, username: `${MARK}-alice`, message: `sshd: Failed password for ${MARK}-alice` },
      { ...auth, username: `${MARK}-alice`, message: `sshd: Accepted password for ${MARK}-alice` },
      { ...auth, username: `${MARK}-bob`, message: `sshd: Failed password for ${MARK}-bob` },
    ]);
  });

  it("saves a search, opens it again from the menu, lists it as recent, and makes a rule of it", async () => {
    const { page, problems } = await suite.signedIn("supervisor");
    const rows = page.locator('[data-testid="event-row"]');
    const openMenu = async () => {
      await page.locator('[data-testid="saved-searches-open"]').click();
      await page.locator('[data-testid="saved-searches"]').waitFor();
    };

    // Run a search: text, a site and a time window.
    await page.goto(`${suite.url}/events?site_id=${SITE}&range=24h`);
    await page.locator('[data-testid="event-search"]').fill(QUERY);
    await page.locator('[data-testid="event-search"]').press("Enter");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(QUERY);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`${MARK}-alice`);

    // Save it, shared.
    await openMenu();
    const form = page.locator('[data-testid="save-search-form"]');
    await form.getByLabel("Name").fill(`Failures of ${MARK}`);
    await form.getByLabel("Description (optional)").fill("Failed SSH passwords of the reception PCs");
    await form.getByLabel("Share with every user").check();
    await form.getByRole("button", { name: "Save this search" }).click();
    await page.locator('[data-testid="save-search-done"]').filter({ hasText: "Saved." }).waitFor();
    const saved = page.locator('[data-testid="saved-search"]').filter({ hasText: `Failures of ${MARK}` });
    await saved.waitFor();
    expect(await saved.getByRole("switch").getAttribute("aria-checked")).toBe("true");
    expect(await saved.locator('[data-testid="saved-search-description"]').textContent()).toBe(
      "Failed SSH passwords of the reception PCs",
    );
    await page.keyboard.press("Escape");

    // Clear, then open it from the menu: the results and the URL come back.
    await page.getByRole("button", { name: "Clear" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBeNull();
    await openMenu();
    await saved.locator('[data-testid="saved-search-open"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(QUERY);
    const url = new URL(page.url());
    expect(url.searchParams.get("site_id")).toBe(SITE);
    expect(url.searchParams.get("range")).toBe("24h");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.locator('[data-testid="event-search"]').inputValue()).toBe(QUERY);

    // The search is among the recent ones, once; one click runs it again.
    await openMenu();
    const recent = page.locator('[data-testid="recent-search-list"] li').filter({ hasText: QUERY });
    await expect.poll(() => recent.count()).toBe(1);
    await page.keyboard.press("Escape");

    // Create a rule from it: the form is pre-filled, and the time window is said to be left out.
    await page.locator('[data-testid="search-to-rule"]').click();
    const drawer = page.locator('[data-testid="rule-drawer"]');
    await drawer.locator('[data-testid="condition-tree"]').waitFor();
    const tree = JSON.parse(await drawer.locator('[data-testid="condition-tree"]').inputValue());
    expect(tree).toEqual({
      all: [
        { field: "site_id", value: SITE, cased: true },
        { field: "username", value: `${MARK}-alice` },
        { keywords: { value: "failed password" } },
      ],
    });
    expect(await drawer.locator('input[name="name"]').inputValue()).toBe(`Search: ${QUERY}`);
    expect(await drawer.locator('[data-testid="search-rule-dropped"]').textContent()).toContain("range=24h");
    await drawer.getByRole("button", { name: "Save" }).click();
    await drawer.waitFor({ state: "detached" });
    expect(new URL(page.url()).searchParams.get("from_search")).toBeNull();
    // The list is long and drawn as it scrolls: its own filter finds the new rule.
    await page.locator('[data-testid="rules-filter"]').fill(MARK);
    await expect
      .poll(() =>
        page
          .locator('[data-testid="rule-row"]')
          .filter({ hasText: `Search: ${QUERY}` })
          .count(),
      )
      .toBe(1);
    expectClean(problems);
    await page.context().close();
  });

  it("another user opens the shared search, cannot change it, and an analyst has no rule button", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="saved-searches-open"]').click();
    const shared = page.locator('[data-testid="saved-search"]').filter({ hasText: `Failures of ${MARK}` });
    await shared.waitFor();
    expect(await shared.textContent()).toMatch(/by /);
    expect(await shared.getByRole("button", { name: "Rename" }).count()).toBe(0);
    await shared.locator('[data-testid="saved-search-open"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(QUERY);
    await expect.poll(() => page.locator('[data-testid="event-row"]').count()).toBe(1);
    expect(await page.locator('[data-testid="search-to-rule"]').count()).toBe(0);
    expectClean(problems);
    await page.context().close();
  });

  for (const theme of ["light", "dark"] as const) {
    it(`the menu and the rule form from a search have no serious accessibility violation (${theme})`, async () => {
      const { page, problems } = await suite.signedIn("supervisor", { theme });
      const search = `q=${encodeURIComponent(QUERY)}&site_id=${SITE}&range=24h`;
      await page.goto(`${suite.url}/events?${search}`);
      await page.locator('[data-testid="saved-searches-open"]').click();
      await page.locator('[data-testid="saved-search"]').first().waitFor();
      await page.locator('[data-testid="recent-search-list"]').waitFor();
      const found = await seriousViolations(page, "saved searches");
      await page.goto(`${suite.url}/rules?from_search=${encodeURIComponent(search)}`);
      await page.locator('[data-testid="search-rule-notes"]').waitFor();
      await settled(page);
      found.push(...(await seriousViolations(page, "rule from a search")));
      expect(found, found.join("\n")).toEqual([]);
      expectClean(problems);
      await page.context().close();
    });
  }
});
