import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const SHOTS = path.join(process.env.TMPDIR ?? "/tmp", "vigie-intel-shots");

describe("threat intelligence in the console", () => {
  it("an admin imports a list, sees what was refused, finds it in the list, and deletes the source", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const source = `feed-${Math.random().toString(36).slice(2, 8)}`;
    const { page, problems } = await suite.signedIn("admin");
    await page.goto(`${suite.url}/indicators`);
    await page.locator('[data-testid="indicator-import-open"]').click();
    const drawer = page.locator('[data-testid="indicator-import"]');
    await drawer.locator('[data-testid="indicator-source"]').fill(source);
    await drawer
      .locator('[data-testid="indicator-text"]')
      .fill("203.0.113.201\nbad.intel-test.example\nnot a value!\n");
    await drawer.locator('[data-testid="indicator-import-send"]').click();
    const report = drawer.locator('[data-testid="indicator-report"]');
    await report.waitFor();
    expect(await report.textContent()).toContain("2 accepted (2 new, 0 updated), 1 refused");
    expect(await drawer.locator('[data-testid="indicator-refused"]').textContent()).toContain(
      "line 3: not an IP, CIDR, domain, URL or hash",
    );
    await drawer.screenshot({ path: path.join(SHOTS, "indicator-import.png") });
    await page.keyboard.press("Escape");

    await page.locator('[data-testid="indicator-filter-source"]').fill(source);
    const rows = page.locator('[data-testid="indicator-row"]');
    await rows.filter({ hasText: "bad.intel-test.example" }).waitFor();
    expect(await rows.count()).toBe(2);
    await page.screenshot({ path: path.join(SHOTS, "indicators.png") });

    // The harness dismisses dialogs (and counts them as problems): answer the confirmation here instead.
    await page.evaluate(() => {
      window.confirm = () => true;
    });
    await page.locator('[data-testid="indicator-delete-source"]').click();
    await page.getByText("No indicators").waitFor();
    expectClean(problems);
    await page.context().close();
  });

  it("an analyst sees the list but not the import", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/indicators`);
    await page.getByRole("heading", { name: "Threat intel" }).waitFor();
    expect(await page.locator('[data-testid="indicator-import-open"]').count()).toBe(0);
    expectClean(problems);
    await page.context().close();
  });
});
