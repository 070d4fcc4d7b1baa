import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Asset } from "@vigie/contracts";
import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const SHOTS = path.join(process.env.TMPDIR ?? "/tmp", "vigie-asset-shots");

interface ListedAlert {
  id: string;
  group_value: string;
  severity: string;
  asset_criticality: string | null;
}

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

describe("assets in the console", () => {
  it("a host's events make an asset; an admin sets it critical; its next alert is raised one step", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const tag = Math.random().toString(36).slice(2, 8);
    const host = `WS-COMPTA-${tag}`.toUpperCase();
    const event = (eventType: string, extra: Record<string, unknown> = {}) => ({
      source_type: "endpoint",
      event_type: eventType,
      hostname: host,
      source_ip: "10.11.2.40",
      username: "claire.martin",
      site_id: "AUDIO_011",
      ...extra,
    });
    await suite.api.ingestBatch([
      event(`process_start_${tag}`, { os: "Windows 11 Pro" }),
      event(`logon_${tag}`, { username: "svc-backup" }),
      // Neighbours, so that the list looks like a site's.
      event(`logon_${tag}`, {
        hostname: `SRV-DC01-${tag}`,
        source_ip: "10.11.0.10",
        os: "Windows Server 2022",
      }),
      event(`share_${tag}`, { hostname: `nas-${tag}`, source_ip: "10.11.0.20", username: "svc-backup" }),
    ]);
    const theAsset = () =>
      suite.api
        .asAdmin<{ items: Asset[] }>("GET", `/api/v1/assets?q=${encodeURIComponent(host)}`)
        .then((page) => page.items[0]);
    await eventually("the asset", theAsset);

    const { page, problems } = await suite.signedIn("admin");
    await page.goto(`${suite.url}/assets`);
    await page.locator('[data-testid="asset-row"]').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="asset-search"]').fill(tag);
    const row = page.locator('[data-testid="asset-row"]').filter({ hasText: host });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain("AUDIO_011");
    expect(text).toContain("10.11.2.40");
    expect(text).toContain("Windows 11 Pro");
    await row.locator('[data-testid="criticality-select"]').selectOption("critical");
    await eventually("the criticality", async () => (await theAsset())?.criticality === "critical");
    await page.locator('[data-testid="asset-search"]').fill(tag.slice(0, 5));
    await page.locator('[data-testid="asset-row"]').nth(2).waitFor();
    await page.screenshot({ path: path.join(SHOTS, "assets.png") });

    const rule = await suite.api.asAdmin<{ id: string }>("POST", "/api/v1/rules", {
      name: `Payroll tampering ${tag}`,
      rule_type: "threshold",
      severity: "medium",
      cooldown_seconds: 0,
      conditions: {
        event_filter: { event_type: `payroll_change_${tag}` },
        threshold: 1,
        window_seconds: 60,
        group_by: "hostname",
      },
    });
    await suite.api.ingestBatch([event(`payroll_change_${tag}`)]);
    const alert = await eventually("the alert", async () =>
      suite.api
        .asAdmin<{ items: ListedAlert[] }>("GET", `/api/v1/alerts?rule_id=${rule.id}`)
        .then((list) => list.items[0]),
    );
    expect(alert).toMatchObject({ severity: "high", asset_criticality: "critical" });

    await page.goto(`${suite.url}/alerts?q=${encodeURIComponent(`Payroll tampering ${tag}`)}`);
    await page.locator('[data-testid="alert-row"]').first().click();
    const drawer = page.locator('[data-testid="alert-detail"]');
    const assets = drawer.locator('[data-testid="alert-assets"]');
    await assets.waitFor();
    expect(await assets.locator('[data-testid="criticality-badge"]').getAttribute("data-criticality")).toBe(
      "critical",
    );
    expect(await assets.locator('[data-testid="alert-severity-raised"]').textContent()).toContain("Critical");
    expect(await drawer.locator('[data-testid="severity-badge"]').first().getAttribute("data-severity")).toBe(
      "high",
    );
    await drawer.screenshot({ path: path.join(SHOTS, "alert-asset.png") });
    expectClean(problems);
    await page.context().close();
  });
});
