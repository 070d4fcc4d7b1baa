import { describe, expect, it } from "vitest";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();

describe("enrichment in the event drawer", () => {
  it("shows the country and AS of a public address, in French and in English", async () => {
    const event = await suite.api.ingest({
      source_type: "firewall",
      event_type: "e2e_enrichment_probe",
      source_ip: "8.8.8.8",
      dest_ip: "10.9.0.5",
      site_id: "AUDIO_009",
      message: "e2e enrichment probe",
    });
    const { page, problems } = await suite.signedIn("first-admin", { locale: "fr" });
    await page.goto(`${suite.url}/events?event=${event.id}`);
    const source = page.locator('[data-testid="event-detail"] [data-testid="event-address-source"]');
    await source.waitFor();
    expect(await source.textContent()).toMatch(/8\.8\.8\.8 — États-Unis \(US\) · AS15169 Google LLC/);
    expect(await page.locator('[data-testid="event-addresses"] a[href="https://db-ip.com"]').count()).toBe(1);
    // A private address outside every site network gets no line.
    expect(await page.locator('[data-testid="event-address-dest"]').count()).toBe(0);
    expectClean(problems);
    await page.context().close();
    const english = await suite.signedIn("first-admin", { locale: "en" });
    await english.page.goto(`${suite.url}/events?event=${event.id}`);
    const line = english.page.locator('[data-testid="event-detail"] [data-testid="event-address-source"]');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/United States \(US\) · AS15169 Google LLC/);
    expectClean(english.problems);
    await english.page.context().close();
  });
});
