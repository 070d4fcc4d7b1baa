import { describe, expect, it } from "vitest";
import { signIn } from "./support/browser.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./support/server.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

describe("signing in", () => {
  it("sends a signed-out visitor to /login and back to the page they asked for", async () => {
    const { page, problems } = await suite.page();
    await page.goto(`${suite.url}/events?severity=high`);
    await page.waitForURL(/\/login\?redirect=/);
    await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    await page.waitForURL((u) => u.pathname === "/events" && u.searchParams.get("severity") === "high");
    await page.locator('[data-testid="current-user"]').filter({ hasText: ADMIN_USERNAME }).waitFor();
    expect(await page.locator('[data-testid="current-role"]').textContent()).toMatch(/admin/i);
    expect(await page.locator('select[name="severity"]').inputValue()).toBe("high");
    expectClean(problems);
    await page.context().close();
  });

  it("shows the server's message on a wrong password and stays on /login", async () => {
    const { page } = await suite.page();
    await page.goto(`${suite.url}/login`);
    await signIn(page, ADMIN_USERNAME, "definitely-not-the-password");
    const alert = page.locator('[data-testid="login-form"] [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe("Invalid username or password");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.context().close();
  });

  it("signs out from the sidebar", async () => {
    const { page, problems } = await suite.signedIn();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${suite.url}/dashboard`);
    await page.waitForURL(/\/login\?redirect=/);
    expectClean(problems);
    await page.context().close();
  });
});

describe("an expired session", () => {
  it("a 401 from the API sends the user to /login, and signing in again returns to the page", async () => {
    const { page } = await suite.signedIn();
    await page.goto(`${suite.url}/rules`);
    await page.locator('[data-testid="rule-row"]').first().waitFor();
    // The stored token stops being valid (as after a server key rotation): the next call answers 401.
    await page.evaluate(() => {
      const saved = JSON.parse(localStorage.getItem("vigie.auth") ?? "{}");
      saved.state.token = `${saved.state.token}broken`;
      localStorage.setItem("vigie.auth", JSON.stringify(saved));
    });
    await page.goto(`${suite.url}/alerts?severity=critical`);
    await page.waitForURL(/\/login\?redirect=/);
    expect(new URL(page.url()).searchParams.get("redirect")).toBe("/alerts?severity=critical");
    await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    await page.waitForURL((u) => u.pathname === "/alerts" && u.searchParams.get("severity") === "critical");
    await page.context().close();
  });

  it("a user deactivated while signed in is sent to /login on their next request", async () => {
    const { page, username, password } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/events`);
    await page.locator("main h1").waitFor();
    const users = await suite.api.asAdmin<{ items: { id: string; username: string }[] }>(
      "GET",
      `/api/v1/admin/users?q=${username}`,
    );
    const id = users.items.find((u) => u.username === username)?.id;
    await suite.api.asAdmin("POST", `/api/v1/admin/users/${id}/deactivate`);
    await page.getByRole("link", { name: "Rules" }).click();
    await page.waitForURL(/\/login\?redirect=%2Frules/);
    await signIn(page, username, password);
    const alert = page.locator('[data-testid="login-form"] [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe("Account is deactivated");
    await page.context().close();
  });
});
