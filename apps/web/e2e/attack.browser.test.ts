import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const SHOTS = path.join(process.env.TMPDIR ?? "/tmp", "vigie-attack-shots");

/** Polls `probe` every 250 ms until it returns something (20 s at most). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("ATT&CK coverage in the console", () => {
  it("shows the matrix with a covered technique marked by its alert; a click opens its rules, then the rule", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const tag = Math.random().toString(36).slice(2, 8);
    const name = `Token impersonation ${tag}`;
    // T1134 (Access Token Manipulation) is covered by no default rule: this one makes it covered.
    const rule = await suite.api.asAdmin<{ id: string }>("POST", "/api/v1/rules", {
      name,
      rule_type: "threshold",
      severity: "high",
      cooldown_seconds: 0,
      mitre_tactics: ["privilege-escalation"],
      mitre_techniques: ["T1134.001"],
      conditions: {
        event_filter: { event_type: `token_theft_${tag}` },
        threshold: 1,
        window_seconds: 60,
        group_by: "hostname",
      },
    });
    await suite.api.ingestBatch([
      {
        source_type: "endpoint",
        event_type: `token_theft_${tag}`,
        hostname: `ws-${tag}`,
        site_id: "AUDIO_004",
      },
    ]);
    await eventually("the alert", () =>
      suite.api
        .asAdmin<{ items: unknown[] }>("GET", `/api/v1/alerts?rule_id=${rule.id}`)
        .then((list) => list.items[0]),
    );

    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/dashboard`);
    await page.locator('nav a[href="/attack"]').click();
    await page.waitForFunction(() => window.location.pathname === "/attack");
    const matrix = page.locator('[data-testid="attack-matrix"]');
    await matrix.locator('[data-testid="attack-cell"]').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="attack-tactic"]').count()).toBe(14);
    expect(await page.locator('[data-testid="attack-summary"]').textContent()).toMatch(
      /\d+ of \d+ techniques covered/,
    );
    expect(await page.locator('[data-testid="attack-copyright"]').textContent()).toContain(
      "© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.",
    );
    const cell = matrix.locator('[data-technique="T1134"]').first();
    expect(Number(await cell.getAttribute("data-rules"))).toBeGreaterThanOrEqual(1);
    expect(await cell.locator('[data-testid="attack-cell-alerts"]').textContent()).toMatch(/[1-9]/);
    expect(await seriousViolations(page, "/attack")).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "attack.png") });

    // "Covered only" leaves out the techniques without rules.
    await page.locator('[data-testid="attack-covered-only"]').check();
    await page.waitForFunction(() => window.location.search.includes("show=covered"));
    const rules = await page
      .locator('[data-testid="attack-cell"]')
      .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute("data-rules"))));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((n) => n > 0)).toBe(true);

    await matrix.locator('[data-technique="T1134"]').first().click();
    const drawer = page.locator('[data-testid="attack-drawer"]');
    await drawer.waitFor();
    expect(page.url()).toContain("technique=T1134");
    const row = drawer.locator('[data-testid="attack-rule"]').filter({ hasText: name });
    expect(await row.locator('[data-testid="attack-rule-alerts"]').getAttribute("href")).toContain(
      `rule_id=${rule.id}`,
    );
    const alertsLink = await drawer.locator('[data-testid="attack-open-alerts"]').getAttribute("href");
    expect(alertsLink).toContain("technique=T1134");
    await drawer.screenshot({ path: path.join(SHOTS, "attack-drawer.png") });
    await row.locator('[data-testid="attack-rule-link"]').click();
    await page.waitForFunction(() => window.location.pathname === "/rules");
    await page.locator('[data-testid="rule-row"]').filter({ hasText: name }).waitFor();

    // "Alerts of these rules": the Alerts page filtered by the technique, saying so.
    await page.goto(`${suite.url}${alertsLink}`);
    await page.locator('[data-testid="alert-row"]').filter({ hasText: name }).waitFor();
    expect(await page.locator('[data-testid="alert-technique"]').textContent()).toContain("T1134");
    expectClean(problems);
    await page.context().close();
  });
});
