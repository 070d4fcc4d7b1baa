import { describe, expect, it } from "vitest";
import type { Page } from "./support/browser.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./support/server.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

/** Script files the page downloaded from the built app. */
function scriptsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/assets/") && r.url().endsWith(".js")) seen.push(r.url().split("/").pop()!);
  });
  return seen;
}

describe("first load", () => {
  it("the login page does not download the chart library: the bundle is split by route", async () => {
    const { page, problems } = await suite.page();
    const scripts = scriptsOf(page);
    await page.goto(`${suite.url}/login`);
    await page.locator('[data-testid="login-form"]').waitFor();
    await page.waitForLoadState("networkidle");
    expect(scripts.some((s) => s.startsWith("echarts"))).toBe(false);
    expect(scripts.some((s) => s.startsWith("DashboardPage"))).toBe(false);
    expectClean(problems);
    await page.context().close();
  });

  it("a signed-in analyst opening /dashboard sees numbers, then charts; timings are reported", async () => {
    const token = await suite.api.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const { page, problems } = await suite.page();
    await page.context().addInitScript((t) => {
      localStorage.setItem("vigie.auth", JSON.stringify({ state: { token: t, user: null }, version: 0 }));
    }, token);
    const scripts = scriptsOf(page);
    const started = Date.now();
    await page.goto(`${suite.url}/dashboard`);
    await page.waitForFunction(() =>
      /\d/.test(document.querySelector('[data-testid="stat-open-alerts"] p')?.textContent ?? ""),
    );
    const numbersAfter = Date.now() - started;
    for (const panel of ["timeline-panel", "severity-panel", "heatmap-panel"])
      await page.locator(`[data-testid="${panel}"] canvas`).first().waitFor();
    const chartsAfter = Date.now() - started;
    console.info(
      `first load of /dashboard: numbers after ${numbersAfter} ms, charts after ${chartsAfter} ms`,
    );
    expect(scripts.some((s) => s.startsWith("echarts"))).toBe(true);
    // Generous bound for a shared CI machine; the README's figure is measured on a quiet one.
    expect(chartsAfter).toBeLessThan(10_000);
    expectClean(problems);
    await page.context().close();
  });
});
