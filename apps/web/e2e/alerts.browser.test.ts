import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

/** Five failed logins from one address: the default rule "Multiple Failed Logins" fires for it. */
function bruteForce(ip: string): Record<string, unknown>[] {
  return Array.from({ length: 6 }, (_, i) => ({
    source_type: "auth",
    event_type: "login_failure",
    source_ip: ip,
    username: `victim${i}`,
    site_id: "AUDIO_009",
    message: `Failed password for victim${i} from ${ip}`,
  }));
}

const randomIp = () => `198.18.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

describe("alert triage", () => {
  it("a new alert reaches the sidebar badge and the list live, then goes through its lifecycle", async () => {
    const { page, problems, username } = await suite.signedIn();
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    const ip = randomIp();
    await suite.api.ingestBatch(bruteForce(ip));

    // On another page the sidebar counts it; opening /alerts shows it and clears the badge.
    await page.locator('[data-testid="new-alerts-badge"]').waitFor({ timeout: 20_000 });
    await page.getByRole("link", { name: /^Alerts/ }).click();
    const row = page.locator('[data-testid="alert-row"]').filter({ hasText: ip });
    await row.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="new-alerts-badge"]').count()).toBe(0);
    expect(await row.textContent()).toContain("AUDIO_009");

    await row.click();
    const drawer = page.locator('[data-testid="alert-detail"]');
    await drawer.locator('[data-testid="matched-events"] li').first().waitFor();
    expect(await drawer.locator('[data-testid="matched-events"] li').count()).toBeGreaterThanOrEqual(5);

    await drawer.locator("textarea").fill("Looking at the VPN logs");
    await drawer.getByRole("button", { name: "Acknowledge" }).click();
    await drawer.locator('[data-testid="status-badge"]', { hasText: "Acknowledged" }).first().waitFor();
    const history = drawer.locator('[data-testid="alert-history"]');
    await history.getByText("Looking at the VPN logs").waitFor();
    expect(await history.textContent()).toContain(username);

    await drawer.getByRole("button", { name: "False positive" }).click();
    await drawer.locator('[data-testid="status-badge"]', { hasText: "False positive" }).first().waitFor();
    expect(await drawer.getByRole("button", { name: "Reopen" }).count()).toBe(1);

    await page.keyboard.press("Escape");
    await page.getByRole("tab", { name: "False positive" }).click();
    await page.waitForURL(/status=false_positive/);
    await page.locator('[data-testid="alert-row"]').filter({ hasText: ip }).waitFor();
    await page.getByRole("tab", { name: "New" }).click();
    await page.waitForURL(/status=new/);
    // The previous tab's rows stay on screen until the new list arrives: wait for this one to go.
    await page.locator('[data-testid="alert-row"]').filter({ hasText: ip }).waitFor({ state: "detached" });
    expectClean(problems);
    await page.context().close();
  });

  it("an analyst may triage too (CONTRACT §9)", async () => {
    const ip = randomIp();
    await suite.api.ingestBatch(bruteForce(ip));
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/alerts?status=new`);
    const row = page.locator('[data-testid="alert-row"]').filter({ hasText: ip });
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    const drawer = page.locator('[data-testid="alert-detail"]');
    await drawer.getByRole("button", { name: "Investigate" }).click();
    await drawer.locator('[data-testid="status-badge"]', { hasText: "Investigating" }).first().waitFor();
    expectClean(problems);
    await page.context().close();
  });
});
