import { beforeAll, describe, expect, it } from "vitest";
import { historicEvents } from "./support/demo-data.ts";
import { settled } from "./support/pages.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

/**
 * The console under the Content-Security-Policy Vigie sends (docs/OPERATIONS.md): the charts' tooltips
 * and the API reference run without one violation, and the policy really is enforced (an injected inline
 * script is blocked and reported). Every page in both themes is visited by pages.browser.test.ts, whose
 * `expectClean` fails on any violation too.
 */
describe("Content-Security-Policy in the browser", () => {
  beforeAll(async () => {
    await suite.api.ingestBatch(historicEvents(60));
  });

  it("the sign-in page and the API reference run without a violation", async () => {
    const { page, problems } = await suite.page();
    const res = await page.goto(`${suite.url}/login`);
    expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'sha256-/);
    await page.locator('[data-testid="login-form"]').waitFor();
    await page.waitForLoadState("networkidle");
    await page.goto(`${suite.url}/api/docs`);
    await page.locator(".swagger-ui .opblock").first().waitFor();
    await page.locator(".swagger-ui .opblock-summary").first().click();
    await page.waitForLoadState("networkidle");
    expectClean(problems);
    await page.context().close();
  });

  for (const theme of ["dark", "light"] as const) {
    it(`the dashboard's chart tooltips run without a violation (${theme})`, async () => {
      const { page, problems } = await suite.signedIn("first-admin", { theme });
      await page.goto(`${suite.url}/dashboard`);
      const chart = page.locator('[data-testid="timeline-panel"] canvas').first();
      await chart.waitFor();
      const box = (await chart.boundingBox())!;
      for (const x of [0.3, 0.5, 0.7]) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.6);
      // ECharts writes its tooltip as HTML whose series markers carry inline style attributes.
      await expect
        .poll(() => page.locator('[data-testid="timeline-panel"]').innerHTML())
        .toMatch(/<span style="[^"]*border-radius/);
      await settled(page);
      // The theme script of index.html ran (allowed by its hash): the light theme has no "dark" class.
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(
        theme === "dark",
      );
      expectClean(problems);
      await page.context().close();
    });
  }

  it("enforces the policy: an injected inline script does not run and is reported", async () => {
    const { page, problems } = await suite.page();
    await page.goto(`${suite.url}/login`);
    await page.locator('[data-testid="login-form"]').waitFor();
    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.injectedRan = true";
      document.head.append(script);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { injectedRan?: boolean }).injectedRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => problems.cspViolations.length).toBeGreaterThan(0);
    expect(problems.cspViolations[0]).toMatch(/^script-src-elem blocked inline/);
    await page.context().close();
  });
});
