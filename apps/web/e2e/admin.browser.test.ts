import { describe, expect, it } from "vitest";
import type { Page } from "./support/browser.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

const navLinks = async (page: Page) =>
  (await page.locator("aside nav a").allTextContents()).map((t) => t.replace(/\d+$/, "").trim());

describe("user administration", () => {
  it("an admin creates a user, changes its role, deactivates and reactivates it; the audit log records it", async () => {
    const { page, problems } = await suite.signedIn();
    await page.goto(`${suite.url}/admin/users`);
    await page.locator('[data-testid="user-row"]').first().waitFor();
    const username = `claire${Date.now().toString(36)}`;

    await page.locator('[data-testid="new-user"]').click();
    const form = page.locator('[data-testid="new-user-form"]');
    await form.locator('input[name="username"]').fill(username);
    await form.locator('input[name="email"]').fill(`${username}@example.test`);
    await form.locator('input[name="password"]').fill("Correct-Horse-Battery-9");
    await form.locator('select[name="role"]').selectOption("analyst");
    await form.locator('button[type="submit"]').click();
    const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
    await row.waitFor();
    expect(await row.locator("select").inputValue()).toBe("analyst");

    await row.locator("select").selectOption("supervisor");
    await expect
      .poll(() =>
        suite.api
          .asAdmin<{ items: { username: string; role: string }[] }>(
            "GET",
            `/api/v1/admin/users?q=${username}`,
          )
          .then((r) => r.items[0]?.role),
      )
      .toBe("supervisor");

    await row.getByRole("button", { name: "Deactivate", exact: true }).click();
    await row.getByRole("button", { name: "Activate", exact: true }).waitFor();
    expect(await row.textContent()).toContain("Deactivated");
    await row.getByRole("button", { name: "Activate", exact: true }).click();
    await row.getByRole("button", { name: "Deactivate", exact: true }).waitFor();

    await page.getByRole("link", { name: "Audit log" }).click();
    await page.locator("main table").getByText("User role changed").first().waitFor();
    expect(await page.locator("main table").textContent()).toContain("User deactivated");
    expectClean(problems);
    await page.context().close();
  });

  it("shows the API's validation messages next to the fields", async () => {
    const { page } = await suite.signedIn();
    await page.goto(`${suite.url}/admin/users`);
    await page.locator('[data-testid="new-user"]').click();
    const form = page.locator('[data-testid="new-user-form"]');
    await form.locator('input[name="username"]').fill("admin");
    await form.locator('input[name="email"]').fill("someone@example.test");
    await form.locator('input[name="password"]').fill("Correct-Horse-Battery-9");
    await form.locator('button[type="submit"]').click();
    await form.locator('[role="alert"]').first().waitFor();
    expect(await form.locator('[role="alert"]').first().textContent()).toMatch(/taken|exists|already/i);
    await page.context().close();
  });

  it("the signed-in admin cannot deactivate or delete themself, and the last admin keeps their role", async () => {
    const { page } = await suite.signedIn();
    await page.goto(`${suite.url}/admin/users`);
    const self = page.locator('[data-testid="user-row"][data-username="admin"]');
    await self.waitFor();
    expect(await self.getByRole("button", { name: "Deactivate", exact: true }).isDisabled()).toBe(true);
    expect(await self.getByRole("button", { name: "Delete", exact: true }).isDisabled()).toBe(true);
    const admins = await suite.api.asAdmin<{ total: number }>(
      "GET",
      "/api/v1/admin/users?role=admin&is_active=true",
    );
    if (admins.total === 1) expect(await self.locator("select").isDisabled()).toBe(true);
    await page.context().close();
  });
});

describe("role gating (CONTRACT §9)", () => {
  it("an analyst sees no admin pages and no write buttons", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    expect(await page.locator('[data-testid="current-role"]').textContent()).toMatch(/analyst/i);
    expect(await navLinks(page)).toEqual([
      "Dashboard",
      "Events",
      "Alerts",
      "Cases",
      "Rules",
      "ATT&CK",
      "Sites",
      "Assets",
      "Scenarios",
      "Threat intel",
      "Settings",
    ]);

    await page.goto(`${suite.url}/rules`);
    await page.locator('[data-testid="rule-row"]').first().waitFor();
    expect(await page.locator('[data-testid="new-rule"]').count()).toBe(0);
    expect(await page.locator('[role="switch"]').first().isDisabled()).toBe(true);
    await page.locator('[data-testid="rule-row"]').first().click();
    expect(await page.locator('[data-testid="rule-form"] input[name="name"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="rule-form"] button[type="submit"]').count()).toBe(0);
    expect(await page.getByRole("button", { name: "Delete rule" }).count()).toBe(0);
    // Testing a rule is a read: analysts may backtest.
    expect(await page.locator('[data-testid="backtest-run"]').isEnabled()).toBe(true);

    await page.goto(`${suite.url}/sites/AUDIO_001`);
    await page.locator("main h1").waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.getByText(/ingest token/i).count()).toBe(0);

    for (const path of ["/admin/users", "/audit"]) {
      await page.goto(`${suite.url}${path}`);
      await page.locator('[data-testid="empty-state"]').waitFor();
      expect(await page.locator('[data-testid="empty-state"]').textContent()).toContain(
        "You do not have access to this",
      );
      expect(await page.locator('[data-testid="new-user"]').count()).toBe(0);
    }
    expectClean(problems);
    await page.context().close();
  });

  it("a supervisor may write rules but sees no admin pages", async () => {
    const { page, problems } = await suite.signedIn("supervisor");
    expect(await navLinks(page)).not.toContain("Users");
    expect(await navLinks(page)).not.toContain("Audit log");
    await page.goto(`${suite.url}/rules`);
    await page.locator('[data-testid="new-rule"]').waitFor();
    expect(await page.locator('[role="switch"]').first().isEnabled()).toBe(true);
    expectClean(problems);
    await page.context().close();
  });
});
