import { describe, expect, it } from "vitest";
import type { Page } from "./support/browser.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Fills the threshold form: `event_type = <type>`, `threshold` events per `source_ip` in five minutes. */
async function fillThresholdRule(
  page: Page,
  name: string,
  eventType: string,
  threshold: number,
): Promise<void> {
  const form = page.locator('[data-testid="rule-form"]');
  await form.locator('input[name="name"]').fill(name);
  await form.locator('select[name="severity"]').selectOption("high");
  await form.locator('textarea[name="description"]').fill("Created from the browser test");
  await form.getByLabel("Value").first().fill(eventType);
  await form.locator('input[name="conditions.threshold"]').fill(String(threshold));
  await form.locator('input[name="conditions.window_seconds"]').fill("600");
  await form.locator('input[name="conditions.group_by"]').fill("source_ip");
  await form.locator('input[name="mitre_technique"]').fill("T1110");
}

describe("rules", () => {
  it("a supervisor creates a threshold rule with the form, then backtests it", async () => {
    const { page, problems } = await suite.signedIn("supervisor");
    await page.goto(`${suite.url}/rules`);
    await page.locator('[data-testid="rule-row"]').first().waitFor();
    const name = unique("E2E burst");
    const eventType = unique("e2e_probe").replace(/-/g, "_");

    await page.locator('[data-testid="new-rule"]').click();
    await fillThresholdRule(page, name, eventType, 3);
    await page.locator('[data-testid="rule-form"] button[type="submit"]').click();
    await page.locator('[data-testid="rule-drawer"]').waitFor({ state: "detached" });
    // About fifty default rules: the filter finds the new one (the table draws only what is in view).
    await page.locator('[data-testid="rules-filter"]').fill(name.toUpperCase());
    expect(await page.locator('[data-testid="rules-shown"]').textContent()).toMatch(/^1 of \d+ rules$/);
    const row = page.locator('[data-testid="rule-row"]').filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain("T1110");

    // Four matching events from one address and one from another: one group would fire.
    await suite.api.ingestBatch([
      ...Array.from({ length: 4 }, () => ({
        source_type: "ids",
        event_type: eventType,
        source_ip: "192.0.2.77",
      })),
      { source_type: "ids", event_type: eventType, source_ip: "192.0.2.78" },
    ]);
    await row.click();
    const backtest = page.locator('[data-testid="backtest"]');
    await backtest.locator('[data-testid="backtest-run"]').click();
    const result = backtest.locator('[data-testid="backtest-result"]');
    await result.waitFor();
    expect(await result.locator("p").first().textContent()).toMatch(/alerts that would fire: 1$/);
    expect(await result.locator("tbody tr").count()).toBe(1);
    expect(await result.locator("tbody").textContent()).toContain("192.0.2.77");
    expectClean(problems);
    await page.context().close();
  });

  it("shows the API's refusal next to the form: a duplicate name is a 409", async () => {
    const { page } = await suite.signedIn("supervisor");
    await page.goto(`${suite.url}/rules`);
    const existing =
      (await page.locator('[data-testid="rule-row"]').first().locator("td").nth(1).textContent()) ?? "";
    await page.locator('[data-testid="new-rule"]').click();
    await fillThresholdRule(page, existing, "login_failure", 5);
    await page.locator('[data-testid="rule-form"] button[type="submit"]').click();
    const alert = page.locator('[data-testid="rule-form"] > [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/exist|taken|already|duplicate/i);
    expect(await page.locator('[data-testid="rule-drawer"]').count()).toBe(1);
    await page.context().close();
  });

  it("checks the form before sending: a sequence step left without a value is refused", async () => {
    const { page } = await suite.signedIn("supervisor");
    await page.goto(`${suite.url}/rules`);
    await page.locator('[data-testid="new-rule"]').click();
    const form = page.locator('[data-testid="rule-form"]');
    await form.locator('select[name="rule_type"]').selectOption("sequence");
    await form.locator('[data-testid="conditions-sequence"]').waitFor();
    await form.locator('input[name="name"]').fill(unique("E2E sequence"));
    await form.locator('button[type="submit"]').click();
    await form.locator('[data-testid="field-error"]').first().waitFor();
    expect(await form.getByText("Give each condition a value, or remove it").count()).toBe(2);
    expect(await page.locator('[data-testid="rule-drawer"]').count()).toBe(1);
    await page.context().close();
  });

  it("AudioSOC v1 rules appear in the same list, with their threshold", async () => {
    const name = unique("AudioSOC rule");
    await suite.api.asAdmin("POST", "/api/alerts/rules", {
      name,
      description: "Made through the AudioSOC v1 API",
      enabled: true,
      condition: { event_type: "port_scan", count: 20, timeframe: "10m" },
      action: "log",
      severity: "medium",
    });
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/rules?q=${encodeURIComponent(name)}&state=enabled`);
    const row = page.locator('[data-testid="rule-row"]').filter({ hasText: name });
    await row.waitFor();
    await row.click();
    const form = page.locator('[data-testid="rule-form"]');
    expect(await form.locator('input[name="conditions.threshold"]').inputValue()).toBe("20");
    expect(await form.locator('input[name="conditions.window_seconds"]').inputValue()).toBe("600");
    expectClean(problems);
    await page.context().close();
  });
});
