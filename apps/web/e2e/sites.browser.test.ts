import { afterAll, describe, expect, it } from "vitest";
import type { Page } from "./support/browser.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const SITE = "AUDIO_028";

const storedNetworks = () =>
  suite.api.asAdmin<{ networks: string[] }>("GET", `/api/v1/sites/${SITE}`).then((s) => s.networks);
const form = (page: Page) => page.locator('[data-testid="site-networks-form"]');
const textarea = (page: Page) => form(page).locator('textarea[name="networks"]');

/** Opens the site page as the first admin with the editor ready. */
async function openEditor() {
  const opened = await suite.signedIn();
  await opened.page.goto(`${suite.url}/sites/${SITE}`);
  await textarea(opened.page).waitFor();
  return opened;
}

describe("site sender networks", () => {
  afterAll(async () => {
    await suite.api.asAdmin("PATCH", `/api/v1/sites/${SITE}`, { networks: [] });
  });

  it("an admin edits a site's networks, one per line; they persist", async () => {
    const { page, problems } = await openEditor();
    await textarea(page).fill("10.28.0.0/16\n\n  fd00:28::/32  \n192.0.2.28");
    await form(page).getByRole("button", { name: "Save" }).click();
    await form(page).getByRole("status").filter({ hasText: "Networks saved" }).waitFor();
    expect(await storedNetworks()).toEqual(["10.28.0.0/16", "fd00:28::/32", "192.0.2.28"]);

    await page.reload();
    await textarea(page).waitFor();
    expect(await textarea(page).inputValue()).toBe("10.28.0.0/16\nfd00:28::/32\n192.0.2.28");
    expect(await form(page).getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    expectClean(problems);
    await page.context().close();
  });

  it("an invalid CIDR is pointed at by line and nothing is sent", async () => {
    const before = await storedNetworks();
    const { page, problems } = await openEditor();
    const patches: string[] = [];
    page.on("request", (r) => r.method() === "PATCH" && patches.push(r.url()));
    await textarea(page).fill("10.28.0.0/16\n10.28.300.0/24\n10.29.0.0/33\n10.28.0.0/16");
    await form(page).getByRole("button", { name: "Save" }).click();
    const error = form(page).locator('[data-testid="field-error"]');
    await error.waitFor();
    expect((await error.textContent())?.split("\n")).toEqual([
      "Line 2: “10.28.300.0/24” is not an IP address or CIDR network",
      "Line 3: the prefix of “10.29.0.0/33” must be 0–32 (IPv4) or 0–128 (IPv6)",
      "Line 4: “10.28.0.0/16” is listed twice",
    ]);
    expect(await textarea(page).getAttribute("aria-invalid")).toBe("true");
    expect(patches).toEqual([]);
    expect(await storedNetworks()).toEqual(before);

    // Fixing the lines clears the messages as one types.
    await textarea(page).fill("10.28.0.0/16\n10.28.30.0/24");
    await error.waitFor({ state: "detached" });
    expectClean(problems);
    await page.context().close();
  });

  it("the server's refusal shows next to the field, at the line it names", async () => {
    const { page, problems } = await openEditor();
    // The console never sends what the server refuses, so the request is rewritten on its way: the 422 is the server's own.
    await page.route(`**/api/v1/sites/${SITE}`, async (route) => {
      if (route.request().method() !== "PATCH") return route.continue();
      const response = await route.fetch({
        postData: JSON.stringify({ networks: ["10.28.0.0/16", "10.29.0.0/99"] }),
      });
      await route.fulfill({ response });
    });
    await textarea(page).fill("10.28.0.0/16\n\n10.29.0.0/16");
    await form(page).getByRole("button", { name: "Save" }).click();
    const error = form(page).locator('[data-testid="field-error"]');
    await error.waitFor();
    expect(await error.textContent()).toBe("Line 3: Not an IP address or CIDR network");
    expectClean({ ...problems, consoleErrors: problems.consoleErrors.filter((e) => !e.includes("422")) });
    await page.context().close();
  });

  it("an analyst reads the networks but cannot edit them", async () => {
    await suite.api.asAdmin("PATCH", `/api/v1/sites/${SITE}`, { networks: ["10.28.0.0/16"] });
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/sites/${SITE}`);
    await page.locator('[data-testid="site-networks-list"]').waitFor();
    expect(await page.locator('[data-testid="site-networks-list"]').textContent()).toBe("10.28.0.0/16");
    expect(await page.locator('[data-testid="site-networks"] textarea').count()).toBe(0);
    expectClean(problems);
    await page.context().close();
  });
});

describe("unregistered sites", () => {
  const GONE = "E2E_GONE";

  it("shows a site id seen in events only as Unregistered, and an admin registers it from its page", async () => {
    // A site deleted after it sent events: its events keep the id, and no site is registered under it.
    await suite.api.asAdmin("POST", "/api/v1/sites", { site_id: GONE, name: "Closed centre" });
    await suite.api.ingest({ source_type: "auth", event_type: "login_success", site_id: GONE });
    await suite.api.asAdmin("DELETE", `/api/v1/sites/${GONE}`);

    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/sites`);
    const card = page.locator(`[data-testid="site-card"][href$="/sites/${GONE}"]`);
    await card.waitFor();
    expect(await card.getAttribute("data-registered")).toBe("false");
    expect(await card.locator('[data-testid="unregistered-badge"]').textContent()).toBe("Unregistered");

    await card.click();
    const form = page.locator('[data-testid="site-register-form"]');
    await form.locator('input[name="name"]').fill("Reopened centre");
    await form.getByRole("button", { name: "Register this site" }).click();
    await page.locator('[data-testid="site-networks-form"]').waitFor();
    expect(await page.locator('[data-testid="unregistered-badge"]').count()).toBe(0);
    expect(await suite.api.asAdmin("GET", `/api/v1/sites/${GONE}`)).toMatchObject({
      registered: true,
      name: "Reopened centre",
      total_events: 1,
    });
    expectClean(problems);
    await page.context().close();
  });

  it("an analyst sees the site unregistered, without the form", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    await suite.api.asAdmin("POST", "/api/v1/sites", { site_id: `${GONE}_2`, name: "x" });
    await suite.api.ingest({ source_type: "auth", event_type: "login_success", site_id: `${GONE}_2` });
    await suite.api.asAdmin("DELETE", `/api/v1/sites/${GONE}_2`);
    await page.goto(`${suite.url}/sites/${GONE}_2`);
    await page.locator('[data-testid="site-register"]').waitFor();
    expect(await page.locator('[data-testid="site-register-form"]').count()).toBe(0);
    expect(await page.locator('[data-testid="unregistered-badge"]').count()).toBe(1);
    expectClean(problems);
    await page.context().close();
  });
});
