import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

/** The number shown on a stat card, read as an integer whatever the locale's grouping. */
async function statValue(page: import("./support/browser.ts").Page, testId: string): Promise<number> {
  const text = (await page.locator(`[data-testid="${testId}"] p`).first().textContent()) ?? "";
  return Number(text.replace(/\D/g, ""));
}

describe("live updates", () => {
  it("an event ingested while /events is open appears without a reload", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    const host = unique("live-host");
    await suite.api.ingest({
      source_type: "auth",
      event_type: "login_success",
      hostname: host,
      site_id: "AUDIO_004",
    });
    const row = page.locator('[data-testid="event-row"]').filter({ hasText: host });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("AUDIO_004");
    expectClean(problems);
    await page.context().close();
  });

  it("pausing holds new arrivals aside until the analyst resumes", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    await page.locator('[data-testid="live-toggle"]').click();
    const host = unique("paused-host");
    await suite.api.ingest({ source_type: "dns", event_type: "dns_query", hostname: host });
    await expect
      .poll(() => page.locator('[data-testid="live-toggle"]').textContent(), { timeout: 15_000 })
      .toMatch(/1/);
    expect(await page.locator('[data-testid="event-row"]').filter({ hasText: host }).count()).toBe(0);
    await page.locator('[data-testid="live-toggle"]').click();
    await page.locator('[data-testid="event-row"]').filter({ hasText: host }).waitFor();
    expectClean(problems);
    await page.context().close();
  });

  it("the events histogram counts arrivals without a reload", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    // "1,234 events, one bar per 30 min": the count is the summary's first number.
    const counted = async () => {
      const text = (await page.locator('[data-testid="histogram-summary"]').textContent()) ?? "";
      return Number(text.match(/^[\d\s,.\u00a0\u202f]*\d/)?.[0].replace(/\D/g, "") ?? Number.NaN);
    };
    await expect.poll(counted).toBeGreaterThanOrEqual(0);
    const before = await counted();
    const host = unique("histogram-host");
    await suite.api.ingestBatch(
      Array.from({ length: 3 }, () => ({ source_type: "auth", event_type: "login_success", hostname: host })),
    );
    await page
      .locator('[data-testid="event-row"]')
      .filter({ hasText: host })
      .first()
      .waitFor({ timeout: 15_000 });
    // Refetched with the other event counts (throttled to one request per 30 s), not on a timer.
    await expect.poll(counted, { timeout: 40_000 }).toBeGreaterThanOrEqual(before + 3);
    expectClean(problems);
    await page.context().close();
  });

  it("the dashboard's live feed and counters follow ingestion, without polling", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/dashboard`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    await expect.poll(() => statValue(page, "stat-events-24h")).toBeGreaterThanOrEqual(0);
    const before = await statValue(page, "stat-events-24h");
    const type = unique("e2e_live");
    await suite.api.ingestBatch(
      Array.from({ length: 3 }, (_, i) => ({
        source_type: "firewall",
        event_type: type,
        source_ip: `192.0.2.${i + 1}`,
      })),
    );
    const item = page.locator('[data-testid="live-feed-item"]').filter({ hasText: type });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(3);
    // Aggregates are refetched (throttled) when the stream brings news: no reload, no timer-driven polling.
    await expect
      .poll(() => statValue(page, "stat-events-24h"), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(before + 3);
    expectClean(problems);
    await page.context().close();
  });
});

describe("hostile log content", () => {
  const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script>`;

  it("is shown as text in the table, the live feed and the detail drawer, and never runs", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/dashboard`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    const event = await suite.api.ingest<{ id: string; message: string }>({
      source_type: "application",
      event_type: `xss_probe ${HOSTILE}`,
      hostname: HOSTILE,
      username: `<svg onload=alert(3)>`,
      message: HOSTILE,
      raw_log: `GET /?q=${HOSTILE} HTTP/1.1`,
    });
    expect(event.message).toBe(HOSTILE);
    await page.locator('[data-testid="live-feed-item"]').filter({ hasText: HOSTILE }).waitFor();

    await page.goto(`${suite.url}/events?event=${event.id}`);
    await page.locator('[data-testid="event-row"]').filter({ hasText: HOSTILE }).first().waitFor();
    const drawer = page.locator('[data-testid="event-detail"]');
    await drawer.getByText(HOSTILE, { exact: true }).first().waitFor();
    expect(await page.locator('[data-testid="raw-log"]').textContent()).toBe(`GET /?q=${HOSTILE} HTTP/1.1`);
    expect(await page.locator('[data-testid="raw-json"]').textContent()).toContain(HOSTILE);
    expect(await drawer.textContent()).toContain("<svg onload=alert(3)>");

    // Nothing was parsed as markup: no injected elements, no dialog, no error.
    expect(await page.locator('img[src="x"], svg[onload], main script').count()).toBe(0);
    await page.waitForTimeout(500);
    expect(problems.dialogs).toEqual([]);
    expectClean(problems);
    await page.context().close();
  });
});
