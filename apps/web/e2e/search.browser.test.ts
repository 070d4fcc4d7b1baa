import { beforeAll, describe, expect, it } from "vitest";
import { settled } from "./support/pages.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const HOUR = 3_600_000;
/** A site of its own for the count check, so other files' events do not change the expected total. */
const BULK_SITE = "AUDIO_029";
const BULK = 12_000;

/** `count` events of one type at the bulk site over the last day (the batch limit is 10,000 a request). */
async function ingestBulk(count: number): Promise<void> {
  const now = Date.now();
  const all = Array.from({ length: count }, (_, i) => ({
    source_type: "network",
    event_type: "e2e_bulk_flow",
    severity: "info",
    site_id: BULK_SITE,
    message: `bulk flow ${i}`,
    timestamp: new Date(now - 2 * HOUR - (i % 3_600) * 1_000).toISOString(),
  }));
  for (let i = 0; i < all.length; i += 6_000) {
    const { created } = await suite.api.ingestBatch(all.slice(i, i + 6_000));
    expect(created).toBe(Math.min(6_000, all.length - i));
  }
}

describe("events search", () => {
  beforeAll(async () => {
    const at = new Date(Date.now() - HOUR).toISOString();
    const auth = { source_type: "auth", event_type: "login_failure", service: "sshd", timestamp: at };
    await suite.api.ingestBatch([
      {
        ...auth,
        severity: "medium",
        site_id: "AUDIO_007",
        username: "e2e-alice",
        message: "sshd: Failed password for e2e-alice",
      },
      {
        ...auth,
        severity: "high",
        site_id: "AUDIO_007",
        username: "e2e-bob",
        message: "sshd: Failed password for e2e-bob",
      },
      {
        ...auth,
        severity: "medium",
        site_id: "AUDIO_008",
        username: "e2e-carol",
        message: "sshd: Failed password for e2e-carol",
      },
    ]);
    await ingestBulk(BULK);
  });

  it("applies every filter of the form together with the search text", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="event-search"]').fill("sshd e2e*");
    const form = page.locator('[data-testid="event-filters"]');
    if (!(await form.locator('select[name="severity"]').isVisible()))
      await page.locator('[data-testid="filters-toggle"]').click();
    await form.locator('select[name="severity"]').selectOption("medium");
    await form.locator('input[name="site_id"]').fill("AUDIO_007");
    await form.locator('input[name="site_id"]').press("Enter");
    await expect.poll(() => page.locator('[data-testid="list-total"]').textContent()).toBe("1 result");
    const rows = page.locator('[data-testid="event-row"]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("e2e-alice");
    // The form still shows what applies, and so does the URL (shareable).
    expect(new URL(page.url()).searchParams.get("severity")).toBe("medium");
    expect(await form.locator('input[name="site_id"]').inputValue()).toBe("AUDIO_007");
    expectClean(problems);
    await page.context().close();
  });

  it("shows the real total of a large result, and its last page has rows", async () => {
    // The site's own count (what the dashboard and sites pages show) is the reference.
    const site = await suite.api.asAdmin<{ total_events: number }>("GET", `/api/v1/sites/${BULK_SITE}`);
    const total = site.total_events;
    expect(total).toBeGreaterThanOrEqual(BULK);
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events?site_id=${BULK_SITE}`);
    await expect.poll(() => page.locator('[data-testid="list-total"]').textContent()).toMatch(/\d/);
    const shown = await page.locator('[data-testid="list-total"]').textContent();
    expect(shown?.replace(/\D/g, "")).toBe(String(total));
    const lastPage = Math.ceil(total / 100);
    await page.goto(`${suite.url}/events?site_id=${BULK_SITE}&page=${lastPage}`);
    await settled(page);
    // The table is virtualized: rows are there when some are drawn, and there is no page after this one.
    await expect.poll(() => page.locator('[data-testid="event-row"]').count()).toBeGreaterThan(0);
    expect(await page.getByRole("button", { name: "Next" }).isEnabled()).toBe(false);
    expectClean(problems);
    await page.context().close();
  });

  it("says when a total is only a lower bound, and pages on past it", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events?event_type=e2e_bulk_flow&page=100`);
    await expect
      .poll(() => page.locator('[data-testid="list-total"]').textContent())
      .toMatch(/More than 10,000/);
    await expect.poll(() => page.locator('[data-testid="event-row"]').count()).toBeGreaterThan(0);
    const next = page.getByRole("button", { name: "Next" });
    expect(await next.isEnabled()).toBe(true);
    await next.click();
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBe("101");
    await expect
      .poll(() => page.locator('[data-testid="event-row"]').first().textContent())
      .toContain("e2e_bulk_flow");
    expectClean(problems);
    await page.context().close();
  });

  it("shows a malformed search inline, at its position, instead of an error page", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events`);
    await page.locator('[data-testid="event-search"]').fill("severity:urgent OR sshd");
    await page.locator('[data-testid="event-search"]').press("Enter");
    const error = page.locator('[data-testid="query-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain("urgent");
    expect(await page.locator("main mark").textContent()).toBe("s");
    expect(await page.locator('[data-testid="event-search"]').getAttribute("aria-invalid")).toBe("true");
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();
  });

  it("pivots on a user over the last 24 hours, keeping the filters shown", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/events?site_id=AUDIO_007`);
    await page.getByRole("button", { name: "e2e-bob" }).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe('username:"e2e-bob"');
    const url = new URL(page.url());
    expect(url.searchParams.get("site_id")).toBe("AUDIO_007");
    expect(url.searchParams.get("range")).toBe("24h");
    await expect.poll(() => page.locator('[data-testid="list-total"]').textContent()).toBe("1 result");
    expectClean(problems);
    await page.context().close();
  });
});
