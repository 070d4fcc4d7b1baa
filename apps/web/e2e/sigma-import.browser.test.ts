import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const fixture = (name: string) => readFileSync(new URL(`./fixtures/sigma/${name}`, import.meta.url), "utf8");
/** A SigmaHQ rule and its own true-positive sample (fixtures/sigma/NOTICE.md). */
const RULE = fixture("proc_creation_win_bitsadmin_download_direct_ip.yml");
const TITLE = "Suspicious Download From Direct IP Via Bitsadmin";

/** The regression sample with its event time set to now (the rule fires on what arrives now). */
function sampleNow(): unknown {
  const sample = JSON.parse(fixture("bitsadmin-direct-ip-sample.json"));
  sample.Event.System.TimeCreated["#attributes"].SystemTime = new Date().toISOString();
  sample.Event.System.Computer = `ws-${Date.now().toString(36)}`;
  return sample;
}

describe("Sigma import from the console", () => {
  it("a supervisor pastes a SigmaHQ rule, previews, imports it, and its sample raises the alert", async () => {
    const { page, problems } = await suite.signedIn("supervisor");
    await page.goto(`${suite.url}/rules`);
    await page.locator('[data-testid="sigma-open"]').click();
    const drawer = page.locator('[data-testid="sigma-drawer"]');
    await drawer.locator('[data-testid="sigma-text"]').fill(RULE);

    await drawer.locator('[data-testid="sigma-preview"]').click();
    const result = drawer.locator('[data-testid="sigma-result"]');
    await result.waitFor();
    expect(await result.locator("p").first().textContent()).toMatch(/^Would create 1, update 0, skip 0/);
    const outcome = result.locator('[data-testid="sigma-outcome"]');
    expect(await outcome.textContent()).toContain(TITLE);
    expect(await outcome.textContent()).toContain("Sysmon 1");

    await drawer.locator('[data-testid="sigma-import"]').click();
    await result.getByText(/^Created 1, updated 0, skipped 0/).waitFor();
    await page.keyboard.press("Escape");
    await page.locator('[data-testid="rules-filter"]').fill("bitsadmin direct ip");
    const row = page.locator('[data-testid="rule-row"]').filter({ hasText: TITLE });
    await row.waitFor();
    expect(await row.getByRole("switch").getAttribute("aria-checked")).toBe("true");

    // The rule's own sample, as a shipper sends EVTX JSON: the alert follows.
    const sent = Date.now();
    await suite.api.ingestRaw([sampleNow()]);
    let alerts: { title: string }[] = [];
    await expect
      .poll(
        async () => {
          alerts = (
            await suite.api.asAdmin<{ items: { title: string }[] }>("GET", "/api/v1/alerts?per_page=50")
          ).items;
          return alerts.some((alert) => alert.title.includes(TITLE));
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
    console.info(`Sigma rule fired ${Date.now() - sent} ms after the sample was sent`);
    await page.goto(`${suite.url}/alerts`);
    await page.locator('[data-testid="alert-row"]').filter({ hasText: TITLE }).first().waitFor();
    expectClean(problems);
    await page.context().close();
  });

  it("shows what is wrong with a broken rule and stores nothing", async () => {
    const { page } = await suite.signedIn("supervisor");
    await page.goto(`${suite.url}/rules`);
    await page.locator('[data-testid="sigma-open"]').click();
    const drawer = page.locator('[data-testid="sigma-drawer"]');
    await drawer
      .locator('[data-testid="sigma-text"]')
      .fill(
        RULE.replace("condition: all of selection_* and not 1 of filter_*", "condition: selection_missing"),
      );
    await drawer.locator('[data-testid="sigma-import"]').click();
    const problem = drawer.getByRole("alert");
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/selection_missing/);
    await page.context().close();
  });
});
