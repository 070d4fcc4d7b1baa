import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

describe("an investigation from a new-alert toast", () => {
  it("goes from the toast to the alert, its events, a pivot over 24 hours and a CSV export", async () => {
    const marker = `e2e_beacon_${Date.now().toString(36)}`;
    await suite.api.asAdmin("POST", "/api/v1/rules", {
      name: `Beacon ${marker}`,
      severity: "critical",
      rule_type: "threshold",
      conditions: {
        event_filter: { event_type: marker },
        threshold: 3,
        window_seconds: 600,
        group_by: "source_ip",
      },
    });
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/dashboard`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    await suite.api.ingestBatch(
      Array.from({ length: 3 }, (_, i) => ({
        source_type: "network",
        event_type: marker,
        severity: "high",
        source_ip: "10.12.0.66",
        username: "reception",
        site_id: "AUDIO_012",
        message: `beacon ${i} to 203.0.113.50`,
      })),
    );

    // The toast names the alert, the tab title counts it, and "Open" leads to the alert itself.
    const toast = page.locator('[data-testid="alert-toast"]').filter({ hasText: marker });
    await toast.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.title()).toMatch(/^\(\d+\) /);
    await toast.locator('[data-testid="alert-toast-open"]').click();
    const drawer = page.locator('[data-testid="alert-detail"]');
    await drawer.locator('[data-testid="matched-events"] li').first().waitFor();

    // All its matched events in Events, then a pivot on the user over the last 24 hours.
    await drawer.locator('[data-testid="open-matched-events"]').click();
    await expect.poll(() => page.locator('[data-testid="list-total"]').textContent()).toBe("3 results");
    await page.getByRole("button", { name: "reception" }).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get("range")).toBe("24h");
    await expect.poll(() => page.locator('[data-testid="list-total"]').textContent()).toMatch(/\d+ results?/);

    // The search exports as CSV, as shown.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="export-csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^vigie-events-.*\.csv$/);
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^timestamp,site_id,severity/);
    expect(csv).toContain("reception");
    expectClean(problems);
    await page.context().close();
  });
});
