import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const SHOTS = path.join(process.env.TMPDIR ?? "/tmp", "vigie-exception-shots");

interface ListedAlert {
  id: string;
  group_value: string;
  occurrences: number;
}

describe("rule exceptions in the console", () => {
  it("a supervisor adds an exception from an alert: the same source raises nothing, another still alerts", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const tag = Math.random().toString(36).slice(2, 8);
    const eventType = `backup_logon_${tag}`;
    const rule = await suite.api.asAdmin<{ id: string; name: string }>("POST", "/api/v1/rules", {
      name: `Backup logon ${tag}`,
      rule_type: "threshold",
      severity: "medium",
      cooldown_seconds: 0,
      conditions: {
        event_filter: { event_type: eventType },
        threshold: 1,
        window_seconds: 60,
        group_by: "source_ip",
      },
    });
    const logon = (ip: string) => ({
      source_type: "auth",
      event_type: eventType,
      source_ip: ip,
      hostname: "srv-backup",
      username: "svc-backup",
      site_id: "AUDIO_012",
    });
    const alertsOfRule = () =>
      suite.api
        .asAdmin<{ items: ListedAlert[] }>("GET", `/api/v1/alerts?rule_id=${rule.id}&per_page=100`)
        .then((page) => page.items);
    const waitForAlert = async (ip: string) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = (await alertsOfRule()).find((a) => a.group_value.endsWith(ip));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no alert for ${ip}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    await suite.api.ingestBatch([logon("198.18.7.10")]);
    await waitForAlert("198.18.7.10");

    const { page, problems } = await suite.signedIn("supervisor");
    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent("198.18.7.10")}`);
    const row = page.locator('[data-testid="alert-row"]').filter({ hasText: "198.18.7.10" });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const drawer = page.locator('[data-testid="alert-detail"]');
    await drawer.locator('[data-testid="add-exception"]').click();
    const form = drawer.locator('[data-testid="add-exception-form"]');
    // The group field is chosen at first; the other fields of the events are offered.
    expect(await form.getByRole("checkbox", { name: /source_ip/ }).isChecked()).toBe(true);
    expect(await form.getByRole("checkbox", { name: /hostname/ }).isChecked()).toBe(false);
    await form.locator('[data-testid="exception-reason"]').fill("Nightly backup from the NAS");
    await form.screenshot({ path: path.join(SHOTS, "alert-add-exception.png") });
    await form.locator('[data-testid="create-exception"]').click();
    await drawer.locator('[data-testid="exception-created"]').waitFor();

    // A new event from the same source, then one from another: once the second alerts, the first was evaluated.
    await suite.api.ingestBatch([logon("198.18.7.10")]);
    await suite.api.ingestBatch([logon("198.18.7.11")]);
    await waitForAlert("198.18.7.11");
    const silenced = (await alertsOfRule()).find((a) => a.group_value.endsWith("198.18.7.10"));
    expect(silenced?.occurrences).toBe(1);

    // The rule drawer shows the exception in words, with its reason and author.
    await page.goto(`${suite.url}/rules?q=${encodeURIComponent(rule.name)}`);
    const ruleRow = page.locator('[data-testid="rule-row"]').filter({ hasText: rule.name });
    expect(await ruleRow.locator('[data-testid="rule-exception-count"]').textContent()).toBe("1 exception");
    await ruleRow.click();
    const item = page.locator('[data-testid="rule-exceptions"] [data-testid="exception-item"]');
    await item.waitFor();
    const text = await item.textContent();
    expect(text).toContain("source_ip is “198.18.7.10”");
    expect(text).toContain("Nightly backup from the NAS");
    expect(text).toContain("Never expires");
    await page
      .locator('[data-testid="rule-exceptions"]')
      .screenshot({ path: path.join(SHOTS, "rule-exceptions.png") });
    expectClean(problems);
    await page.context().close();
  });
});
