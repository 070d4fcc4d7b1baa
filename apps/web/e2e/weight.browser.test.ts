import { describe, expect, it } from "vitest";
import { browserSuite } from "./support/suite.ts";

const suite = browserSuite();
const WINDOW_MS = 60_000;

describe("the console's weight", () => {
  it("an idle dashboard tab asks the API at most 20 times a minute while events stream in", async () => {
    const { page } = await suite.signedIn();
    await page.goto(`${suite.url}/dashboard`);
    await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    await page.waitForLoadState("networkidle");
    const requests: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith("/api/") && !url.pathname.endsWith("/stream")) requests.push(url.pathname);
    });
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < WINDOW_MS) {
      await suite.api.ingest({
        source_type: "network",
        event_type: "connection",
        site_id: "AUDIO_004",
        message: `tick ${sent++}`,
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(sent).toBeGreaterThan(40);
    expect(requests.length, requests.join("\n")).toBeLessThanOrEqual(20);
    await page.context().close();
  });
});
