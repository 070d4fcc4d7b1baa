import { describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import type { Page } from "./support/browser.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

/** Six failed logins from one address: the default rule "Multiple Failed Logins" fires for it. */
function bruteForce(ip: string, site = "AUDIO_011"): Record<string, unknown>[] {
  return Array.from({ length: 6 }, (_, i) => ({
    source_type: "auth",
    event_type: "login_failure",
    source_ip: ip,
    hostname: "audio011-srv01",
    username: `triage${i}`,
    site_id: site,
    message: `Failed password for triage${i} from ${ip}`,
  }));
}

interface ListedAlert {
  id: string;
  title: string;
  status: string;
  assignee: string | null;
}

/**
 * Three alerts of one rule on addresses nobody else uses (`198.19.<n>.1-3`), raised and listed; the prefix
 * is what the list's text filter narrows to.
 */
let block = Math.floor(Math.random() * 200);
async function threeAlerts(): Promise<{ prefix: string; alerts: ListedAlert[] }> {
  const prefix = `198.19.${block++ % 250}.`;
  for (const n of [1, 2, 3]) await suite.api.ingestBatch(bruteForce(`${prefix}${n}`));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const page = await suite.api.asAdmin<{ items: ListedAlert[] }>(
      "GET",
      `/api/v1/alerts?q=${encodeURIComponent(prefix)}`,
    );
    if (page.items.length === 3) return { prefix, alerts: page.items };
    if (Date.now() > deadline) throw new Error(`expected 3 alerts for ${prefix}, got ${page.items.length}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const rows = (page: Page) => page.locator('[data-testid="alert-row"]');

describe("alert triage at scale", () => {
  it("ticks three alerts, assigns them to me and sets them investigating, in two bulk changes", async () => {
    const { prefix } = await threeAlerts();
    const { page, problems, username } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(prefix)}`);
    await rows(page).nth(2).waitFor();
    expect(await rows(page).count()).toBe(3);

    for (let i = 0; i < 3; i++) await rows(page).nth(i).locator('[data-testid="alert-select"]').check();
    expect(await page.locator('[data-testid="alert-detail"]').count()).toBe(0); // a tick never opens the drawer
    expect(await page.locator('[data-testid="bulk-count"]').textContent()).toBe("3 selected");

    await page.locator('[data-testid="bulk-assign-me"]').click();
    await page.locator('[data-testid="bulk-outcome"]', { hasText: "3 updated, 0 unchanged." }).waitFor();
    await page.locator('[data-testid="bulk-status"]').selectOption("investigating");
    await page.locator('[data-testid="bulk-outcome"]', { hasText: "3 updated, 0 unchanged." }).waitFor();
    await rows(page).filter({ hasText: "Investigating" }).nth(2).waitFor();
    for (const text of await rows(page).allTextContents()) expect(text).toContain(username);

    const stored = await suite.api.asAdmin<{ items: ListedAlert[] }>(
      "GET",
      `/api/v1/alerts?q=${encodeURIComponent(prefix)}`,
    );
    expect(stored.items.map((a) => [a.status, a.assignee])).toEqual(
      Array(3).fill(["investigating", username]),
    );
    expectClean(problems);
    await page.context().close();
  });

  it("adds a note without changing the status, on the alert's timeline", async () => {
    const { prefix } = await threeAlerts();
    const { page, problems, username } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(`${prefix}2`)}`);
    await rows(page).first().click();
    const drawer = page.locator('[data-testid="alert-detail"]');
    await drawer.locator('[data-testid="alert-facts"]').waitFor();
    expect(await drawer.locator('[data-testid="alert-rule-link"]').textContent()).toBe(
      "Multiple Failed Logins",
    );
    expect(await drawer.locator('[data-testid="alert-group-fields"]').textContent()).toContain(`${prefix}2`);
    expect(await drawer.locator('[data-testid="alert-rule-link"]').getAttribute("href")).toBe(
      "/rules?q=Multiple+Failed+Logins",
    );
    // Pivots: the address, the host and the users of its events, each to Events over the last 24 hours.
    const pivot = new URL(
      (await drawer.locator('[data-testid="alert-pivots"] a').first().getAttribute("href"))!,
      suite.url,
    );
    expect([pivot.pathname, pivot.searchParams.get("range"), pivot.searchParams.get("q")]).toEqual([
      "/events",
      "24h",
      `source_ip:"${prefix}2" OR dest_ip:"${prefix}2"`,
    ]);
    expect(await drawer.locator('[data-testid="alert-pivots"]').textContent()).toContain("audio011-srv01");

    await drawer.locator("textarea").fill("Called AUDIO_011: the receptionist forgot her password");
    await drawer.locator('[data-testid="add-note"]').click();
    const timeline = drawer.locator('[data-testid="alert-history"]');
    await timeline.locator('[data-kind="note"]', { hasText: "forgot her password" }).waitFor();
    expect(await timeline.textContent()).toContain(`${username} added a note`);
    expect(await drawer.locator("textarea").inputValue()).toBe("");
    expect(await drawer.locator('[data-testid="status-badge"]').first().textContent()).toBe("New");
    expectClean(problems);
    await page.context().close();
  });

  it("filters by assignee (me, unassigned), keeping the filter in the URL", async () => {
    const { prefix, alerts } = await threeAlerts();
    const { page, problems, username } = await suite.signedIn("analyst");
    const users = await suite.api.asAdmin<{ id: string; username: string }[]>(
      "GET",
      "/api/v1/alerts/assignees",
    );
    const me = users.find((u) => u.username === username)!;
    await suite.api.asAdmin("POST", "/api/v1/alerts/bulk", { ids: [alerts[0]!.id], assignee_id: me.id });
    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(prefix)}`);
    await rows(page).nth(2).waitFor();
    await page.locator('[data-testid="assignee-filter"]').selectOption("me");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/assignee=me/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="alert-row"]').length === 1);
    expect(await rows(page).first().textContent()).toContain(alerts[0]!.title);

    await page.locator('[data-testid="assignee-filter"]').selectOption("unassigned");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/assignee=unassigned/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="alert-row"]').length === 2);
    expect(await rows(page).filter({ hasText: alerts[0]!.title }).count()).toBe(0);

    await page.reload();
    await rows(page).nth(1).waitFor();
    expect(await page.locator('[data-testid="assignee-filter"]').inputValue()).toBe("unassigned");
    expectClean(problems);
    await page.context().close();
  });

  it("groups by rule with counts, expands a group and ticks its alerts", async () => {
    const { prefix } = await threeAlerts();
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(prefix)}`);
    await rows(page).nth(2).waitFor();
    await page
      .locator('[data-testid="alert-view"]')
      .getByRole("button", { name: "By rule", exact: true })
      .click();
    await page.waitForURL(/view=rule/);
    const group = page.locator('[data-testid="alert-group"]');
    await group.first().waitFor();
    expect(await group.count()).toBe(1);
    expect(await group.textContent()).toContain("Multiple Failed Logins");
    expect(await group.locator('[data-testid="alert-group-count"]').textContent()).toBe("3");

    await group.locator('[data-testid="alert-group-toggle"]').click();
    const members = page.locator('[data-testid="group-alert"]');
    await members.nth(2).waitFor();
    expect(await members.count()).toBe(3);
    await members.first().locator('[data-testid="alert-select"]').check();
    expect(await page.locator('[data-testid="bulk-count"]').textContent()).toBe("1 selected");

    await page
      .locator('[data-testid="alert-view"]')
      .getByRole("button", { name: "By rule and group" })
      .click();
    await page.waitForURL(/view=rule_group/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="alert-group"]').length === 3);
    expect(await page.locator('[data-testid="bulk-bar"]').count()).toBe(0); // another view, a new selection
    expectClean(problems);
    await page.context().close();
  });

  it("shows one analyst's change to the others live, in the list and in the open drawer", async () => {
    const { prefix, alerts } = await threeAlerts();
    const other = await suite.api.createUser("analyst", "other");
    const token = await suite.api.login(other.username, other.password);
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(prefix)}&alert=${alerts[1]!.id}`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    const drawer = page.locator('[data-testid="alert-detail"]');
    await drawer.locator('[data-testid="alert-facts"]').waitFor();

    await suite.api.withToken(token, "PATCH", `/api/v1/alerts/${alerts[1]!.id}/assignee`, {
      assignee_id: other.id,
    });
    await suite.api.withToken(token, "POST", `/api/v1/alerts/${alerts[1]!.id}/notes`, {
      notes: "Taking this one",
    });
    await drawer
      .locator('[data-testid="alert-history"]', { hasText: "Taking this one" })
      .waitFor({ timeout: 15_000 });
    await drawer.locator('[data-testid="alert-detail-assignee"]', { hasText: other.username }).waitFor();
    await rows(page).filter({ hasText: other.username }).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="alert-toast"]').count()).toBe(0); // a change is not a new alert
    expectClean(problems);
    await page.context().close();
  });

  for (const theme of ["dark", "light"] as const)
    it(`has no serious accessibility violation: ticks, groups, drawer (${theme})`, async () => {
      const { prefix } = await threeAlerts();
      const { page } = await suite.signedIn("analyst", { theme });
      const found: string[] = [];
      await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(prefix)}`);
      await rows(page).nth(2).waitFor();
      await rows(page).first().locator('[data-testid="alert-select"]').check();
      await page.locator('[data-testid="bulk-bar"]').waitFor();
      found.push(...(await seriousViolations(page, "list with a selection")));
      await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(prefix)}&view=rule`);
      await page.locator('[data-testid="alert-group-toggle"]').click();
      await page.locator('[data-testid="group-alert"]').first().waitFor();
      found.push(...(await seriousViolations(page, "groups")));
      await page.locator('[data-testid="group-alert"] button').first().click();
      await page.locator('[data-testid="related-alerts"], [data-testid="alert-detail"] p').first().waitFor();
      await page.locator('[data-testid="alert-facts"]').waitFor();
      found.push(...(await seriousViolations(page, "drawer")));
      expect(found, found.join("\n")).toEqual([]);
      await page.context().close();
    });
});
