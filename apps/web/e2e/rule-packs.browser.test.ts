import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

interface StoredRule {
  id: string;
  name: string;
  enabled: boolean;
  sigma: { status: string; level: string; logsource: { product?: string } } | null;
}

const sigmaRules = async () =>
  (await suite.api.asAdmin<StoredRule[]>("GET", "/api/v1/rules")).filter((rule) => rule.sigma);

describe("rule packs from the console", () => {
  // The browser suite shares one server, and files run in no fixed order: another file may already have
  // imported Sigma rules, so the pack's rules are the ones this file adds.
  let earlier = new Set<string>();
  const packRules = async () => (await sigmaRules()).filter((rule) => !earlier.has(rule.id));
  // The installed rules are switched off again for the files after this one.
  afterAll(async () => {
    for (const rule of await packRules())
      if (rule.enabled) await suite.api.asAdmin("PATCH", `/api/v1/rules/${rule.id}`, { enabled: false });
  });

  it("an admin selects stable, high and critical, windows; previews; installs; the rules page lists them", async () => {
    earlier = new Set((await sigmaRules()).map((rule) => rule.id));
    const { page, problems } = await suite.signedIn("admin");
    await page.goto(`${suite.url}/rules`);
    await page.locator('[data-testid="packs-open"]').click();
    const drawer = page.locator('[data-testid="packs-drawer"]');
    const selected = drawer.locator('[data-testid="pack-selected"]');
    await selected.waitFor();
    const count = async () => Number((await selected.textContent())?.replace(/\D/g, ""));
    const before = await count();
    const installedCount = async () =>
      Number((await drawer.locator('[data-testid="pack-installed"]').textContent())?.match(/^\d+/)?.[0]);
    const installedBefore = await installedCount();

    await drawer.locator('[data-testid="pack-statuses-test"]').uncheck();
    for (const product of ["linux", "network", "web"])
      await drawer.locator(`[data-testid="pack-products-${product}"]`).uncheck();
    await expect.poll(count).toBeLessThan(before);
    const chosen = await count();
    // The stable checkbox's live count is the selection itself (the other boxes unchanged).
    const stable = drawer.locator('[data-testid="pack-statuses"] label').filter({ hasText: "Stable" });
    expect(Number((await stable.locator("span").last().textContent())?.replace(/\D/g, ""))).toBe(chosen);

    await drawer.locator('[data-testid="pack-preview"]').click();
    const result = drawer.locator('[data-testid="sigma-result"]');
    await result.waitFor();
    expect(await result.locator("p").first().textContent()).toMatch(
      new RegExp(`^Would create ${chosen}, update 0`),
    );
    expect(await packRules()).toEqual([]);

    await drawer.locator('[data-testid="pack-install"]').click();
    await result.getByText(new RegExp(`^Created ${chosen}, updated 0`)).waitFor();
    await drawer
      .locator('[data-testid="pack-installed"]')
      .getByText(new RegExp(`^${installedBefore + chosen} of`))
      .waitFor();
    await page.screenshot({ path: path.join(tmpdir(), "vigie-rule-packs-drawer.png") });

    const installed = await packRules();
    expect(installed).toHaveLength(chosen);
    for (const rule of installed) {
      expect(rule.sigma?.status).toBe("stable");
      expect(["high", "critical"]).toContain(rule.sigma?.level);
    }
    await page.keyboard.press("Escape");
    await page.goto(`${suite.url}/rules?origin=sigma`);
    await page
      .locator('[data-testid="rules-shown"]')
      .getByText(new RegExp(`^${earlier.size + chosen} of`))
      .waitFor();
    const sample = installed[0]!;
    const row = page.locator('[data-testid="rule-row"]').filter({ hasText: sample.name });
    await row.first().waitFor();
    expect(await row.first().getByRole("switch").getAttribute("aria-checked")).toBe(String(sample.enabled));
    await page.screenshot({ path: path.join(tmpdir(), "vigie-rule-packs-rules.png") });
    expectClean(problems);
    await page.context().close();
  });
});
