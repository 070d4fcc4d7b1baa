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
