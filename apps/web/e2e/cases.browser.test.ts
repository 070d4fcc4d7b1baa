import { describe, expect, it } from "vitest";
import type { Page } from "./support/browser.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

/** Six failed logins from one address: the default rule "Multiple Failed Logins" fires for it. */
function bruteForce(ip: string): Record<string, unknown>[] {
  return Array.from({ length: 6 }, (_, i) => ({
    source_type: "auth",
    event_type: "login_failure",
    source_ip: ip,
    hostname: "audio012-srv02",
    username: `casework${i}`,
    site_id: "AUDIO_012",
    message: `Failed password for casework${i} from ${ip}`,
  }));
}

/** Three alerts on addresses nobody else uses (`198.18.<n>.1-3`); the prefix narrows the alerts list to them. */
async function threeAlerts(): Promise<string> {
  const prefix = `198.18.${Math.floor(Math.random() * 250)}.`;
  for (const n of [1, 2, 3]) await suite.api.ingestBatch(bruteForce(`${prefix}${n}`));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const page = await suite.api.asAdmin<{ items: unknown[] }>(
      "GET",
      `/api/v1/alerts?q=${encodeURIComponent(prefix)}`,
    );
    if (page.items.length === 3) return prefix;
    if (Date.now() > deadline) throw new Error(`expected 3 alerts for ${prefix}, got ${page.items.length}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const rows = (page: Page) => page.locator('[data-testid="alert-row"]');

describe("cases", () => {
  it("ticks three alerts, creates a case, adds a note, ticks a task and closes it with a reason", async () => {
    const prefix = await threeAlerts();
    const { page, problems, username } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(prefix)}`);
    await rows(page).nth(2).waitFor();
    for (let i = 0; i < 3; i++) await rows(page).nth(i).locator('[data-testid="alert-select"]').check();
    await page.locator('[data-testid="bulk-create-case"]').click();

    const casePage = page.locator('[data-testid="case-page"]');
    await casePage.waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    expect(await page.locator('[data-testid="case-alert"]').count()).toBe(3);
    expect(await page.locator('[data-testid="case-page-title"]').textContent()).toContain(
      "Multiple Failed Logins",
    );
    const observables = await page.locator('[data-testid="case-observables"]').textContent();
    for (const n of [1, 2, 3]) expect(observables).toContain(`${prefix}${n}`);
    const pivot = new URL(
      (await page
        .locator('[data-testid="case-observable-pivot"]', { hasText: `${prefix}1` })
        .getAttribute("href"))!,
      suite.url,
    );
    expect([pivot.pathname, pivot.searchParams.get("q")]).toEqual([
      "/events",
      `source_ip:"${prefix}1" OR dest_ip:"${prefix}1"`,
    ]);

    await page
      .locator('[data-testid="case-note"]')
      .fill("Same address block on three sites <script>x</script>");
    await page.locator('[data-testid="case-note-add"]').click();
    await page.locator('[data-testid="timeline-note"]', { hasText: "Same address block" }).waitFor();

    await page.locator('[data-testid="case-task-title"]').fill("Block 198.18.0.0/16 at the firewall");
    await page.locator('[data-testid="case-task-add"]').click();
    // The box shows what the server stored: it ticks once the answer is back, so click and wait for it.
    await page.locator('[data-testid="case-task-toggle"]').click();
    await page.locator('[data-testid="case-task"]', { hasText: `Done by ${username}` }).waitFor();

    await page.locator('[data-testid="case-status"]').selectOption("closed");
    expect(await page.locator('[data-testid="close-case"]').isDisabled()).toBe(true); // a reason first
    await page.locator('[data-testid="closing-reason"]').selectOption("true_positive");
    await page.locator('[data-testid="close-case"]').click();
    await page.locator('[data-testid="case-closed-reason"]', { hasText: "True positive" }).waitFor();
    await page.locator('[data-testid="timeline-change"]', { hasText: "Status: Open → Closed" }).waitFor();

    const id = new URL(page.url()).pathname.split("/").pop()!;
    const stored = await suite.api.asAdmin<{
      status: string;
      closing_reason: string;
      alerts: unknown[];
      tasks: { done: boolean }[];
      timeline: { kind: string }[];
    }>("GET", `/api/v1/cases/${id}`);
    expect([stored.status, stored.closing_reason, stored.alerts.length, stored.tasks[0]?.done]).toEqual([
      "closed",
      "true_positive",
      3,
      true,
    ]);
    expect(stored.timeline.map((e) => e.kind)).toEqual([
      "created",
      "alert",
      "alert",
      "alert",
      "note",
      "change",
      "change",
    ]);

    // The report opens in a new tab, self-contained, the note's markup shown as text.
    const [report] = await Promise.all([
      page.context().waitForEvent("page"),
      page.locator('[data-testid="case-report"]').click(),
    ]);
    await report.waitForFunction(() => document.body?.textContent?.includes("Same address block"));
    expect(await report.locator("script").count()).toBe(0);
    expect(await report.locator("body").textContent()).toContain("<script>x</script>");
    await report.close();

    await page.goto(`${suite.url}/cases?status=closed&q=${encodeURIComponent("Multiple")}`);
    await page.locator('[data-testid="case-row"]').first().waitFor();
    expectClean(problems);
    await page.context().close();
  });

  it("shows another analyst's note live, adds a ticked alert from Alerts and pins an event from Events", async () => {
    const prefix = await threeAlerts();
    const alerts = await suite.api.asAdmin<{ items: { id: string }[] }>(
      "GET",
      `/api/v1/alerts?q=${encodeURIComponent(prefix)}&sort=title&order=asc`,
    );
    const created = await suite.api.asAdmin<{ id: string; reference: string }>("POST", "/api/v1/cases", {
      alert_ids: [alerts.items[0]!.id],
      title: `Live case ${prefix}`,
    });
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/cases/${created.id}`);
    await page.locator('[data-testid="case-timeline"]').waitFor();

    const other = await suite.api.createUser("analyst");
    const token = await suite.api.login(other.username, other.password);
    await suite.api.withToken(token, "POST", `/api/v1/cases/${created.id}/notes`, {
      body: "Seen from the other desk",
    });
    await page.locator('[data-testid="timeline-note"]', { hasText: "Seen from the other desk" }).waitFor();

    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(`${prefix}`)}&sort=title&order=asc`);
    await rows(page).nth(2).waitFor();
    await rows(page).nth(1).locator('[data-testid="alert-select"]').check();
    const add = page.locator('[data-testid="bulk-add-to-case"]');
    await add.locator("option", { hasText: created.reference }).waitFor({ state: "attached" });
    await add.selectOption({ label: `${created.reference} · Live case ${prefix}` });
    await page.locator('[data-testid="case-page"]').waitFor();
    await page.locator('[data-testid="case-alert"]').nth(1).waitFor();
    expect(await page.locator('[data-testid="case-alert"]').count()).toBe(2);

    // An event of the Events page pinned to the case from its drawer, on the case's timeline.
    await page.goto(`${suite.url}/events?range=24h&q=${encodeURIComponent(`source_ip:"${prefix}3"`)}`);
    await page.locator('[data-testid="event-row"]').first().locator("td").first().click(); // not the address: a pivot
    const pin = page.locator('[data-testid="pin-to-case"] select');
    await pin.locator("option", { hasText: created.reference }).waitFor({ state: "attached" });
    await pin.selectOption({ label: `${created.reference} · Live case ${prefix}` });
    await page
      .locator('[data-testid="pin-to-case"] a', { hasText: `Pinned to ${created.reference}` })
      .click();
    await page.locator('[data-testid="timeline-event"]', { hasText: `from ${prefix}3` }).waitFor();

    // The alert's drawer names the case it is in, as a link.
    await page.goto(`${suite.url}/alerts?alert=${alerts.items[0]!.id}`);
    await page.locator('[data-testid="alert-cases"] a', { hasText: created.reference }).click();
    await page.locator('[data-testid="case-reference"]', { hasText: created.reference }).waitFor();
    expectClean(problems);
    await page.context().close();
  });
});
