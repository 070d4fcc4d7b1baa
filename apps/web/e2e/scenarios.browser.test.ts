import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const PLAYBOOK = "phishing-c2-beaconing.yml";

describe("scenarios", () => {
  it("a supervisor starts a playbook on a site, watches it progress, pauses, resumes, changes speed and stops it", async () => {
    const { page, problems } = await suite.signedIn("supervisor");
    await page.goto(`${suite.url}/scenarios`);
    const card = page.locator(`[data-testid="playbook-card"][data-filename="${PLAYBOOK}"]`);
    await card.waitFor();
    expect(await page.locator('[data-testid="playbook-card"]').count()).toBeGreaterThanOrEqual(4);
    expect(await card.textContent()).toMatch(/T\d{4}/);

    await card.locator('input[name="speed"]').fill("10");
    await card.locator('select[name="site_id"]').selectOption("AUDIO_012");
    await card.getByRole("button", { name: "Start" }).click();
    const run = page.locator('[data-testid="scenario-run"]').filter({ hasText: "AUDIO_012" });
    await run.waitFor({ timeout: 15_000 });

    // Progress moves (the list refreshes while a run is active).
    const generated = async () =>
      Number((await run.getByRole("progressbar").getAttribute("aria-valuenow")) ?? 0);
    await expect.poll(generated, { timeout: 30_000 }).toBeGreaterThan(0);

    await run.getByRole("button", { name: "Pause" }).click();
    await page
      .locator('[data-testid="scenario-run"][data-status="paused"]')
      .filter({ hasText: "AUDIO_012" })
      .waitFor();
    await run.getByRole("button", { name: "Resume" }).click();
    await page
      .locator('[data-testid="scenario-run"][data-status="running"]')
      .filter({ hasText: "AUDIO_012" })
      .waitFor();
    await run.getByLabel("Speed").fill("2");
    await run.getByRole("button", { name: "Set speed" }).click();
    await run.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => run.count(), { timeout: 15_000 }).toBe(0);

    // The run's events are in the store, tagged with the run.
    await page.goto(`${suite.url}/events?site_id=AUDIO_012`);
    await page.locator('[data-testid="event-row"]').first().waitFor();
    expectClean(problems);
    await page.context().close();
  });

  it("an analyst sees the catalogue but no start or control buttons", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/scenarios`);
    await page.locator('[data-testid="playbook-card"]').first().waitFor();
    expect(await page.getByRole("button", { name: "Start" }).count()).toBe(0);
    expectClean(problems);
    await page.context().close();
  });
});
