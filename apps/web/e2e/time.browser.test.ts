import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "./support/browser.ts";
import { browserSuite, expectClean } from "./support/suite.ts";

const suite = browserSuite();
const MINUTE = 60_000;
const run = Date.now().toString(36);
/** Event types of this file only, so other files' events never change what it counts. */
const ZONED = `e2e_time_zone_${run}`;
const BRUSHED = `e2e_time_brush_${run}`;

const two = (n: number) => String(n).padStart(2, "0");
/** How the console writes an instant in Tokyo (UTC+9 all year): `21/11/2026 17:15:30`. */
function tokyo(ms: number): string {
  const d = new Date(ms + 9 * 60 * MINUTE);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** The x of category `index` of a chart's canvas whose grid has these margins, and the middle of its height. */
async function categoryPoint(
  page: Page,
  selector: string,
  index: number,
  count: number,
  grid = { left: 40, right: 8 },
) {
  const box = (await page.locator(selector).first().boundingBox())!;
  const width = box.width - grid.left - grid.right;
  return { x: box.x + grid.left + ((index + 0.5) * width) / count, y: box.y + box.height * 0.6 };
}

const rowCount = (page: Page) => page.locator('[data-testid="event-row"]').count();

describe("time: the user's zone, brushing to zoom, dashboard click-through", () => {
  const zonedAt = Math.floor((Date.now() - 3 * 60 * MINUTE) / 1000) * 1000 + 7_000;
  const now = Date.now();
  const early = now - 50 * MINUTE;
  const late = now - 20 * MINUTE;

  beforeAll(async () => {
    const event = (event_type: string, at: number, i: number) => ({
      source_type: "auth",
      event_type,
      severity: "low",
      site_id: "AUDIO_011",
      username: `e2e-time-${i}`,
      message: `time test ${i}`,
      timestamp: new Date(at).toISOString(),
    });
    await suite.api.ingestBatch([
      event(ZONED, zonedAt, 0),
      ...[1, 2, 3].map((i) => event(BRUSHED, early + i * 1000, i)),
      ...[4, 5, 6].map((i) => event(BRUSHED, late + i * 1000, i)),
    ]);
  });

  it("shows and reads dates in the time zone the user chose, then goes back to the browser's", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/settings`);
    const select = page.locator('[data-testid="time-zone-select"]');
    await select.selectOption("Asia/Tokyo");
    await expect.poll(() => select.inputValue()).toBe("Asia/Tokyo");
    await expect.poll(() => select.isEnabled()).toBe(true);

    await page.goto(`${suite.url}/events?q=${encodeURIComponent(`event_type:${ZONED}`)}`);
    const row = page.locator('[data-testid="event-row"]').first();
    await expect.poll(() => row.textContent()).toContain(tokyo(zonedAt));
    // The date fields name the zone and read what is typed in it.
    const label = page.locator('[data-testid="time-zone-label"]').first();
    if (!(await label.isVisible())) await page.locator('[data-testid="filters-toggle"]').click();
    expect(await label.textContent()).toMatch(/GMT\+9|JST/);
    const from = page.locator('[data-testid="time-from"]');
    await from.fill(tokyo(zonedAt - 60_000).slice(0, 16));
    await from.press("Enter");
    await expect
      .poll(() => new URL(page.url()).searchParams.get("from"))
      .toBe(new Date(Math.floor((zonedAt - 60_000) / MINUTE) * MINUTE).toISOString());
    await expect.poll(() => rowCount(page)).toBe(1);

    await page.goto(`${suite.url}/settings`);
    await select.selectOption("");
    await expect.poll(() => select.inputValue()).toBe("");
    await expect.poll(() => select.isEnabled()).toBe(true);
    expectClean(problems);
    await page.context().close();
  });

  it("zooms the events list by brushing its histogram, by clicking a bar, and zooms out", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    const histogramAnswer = page.waitForResponse((r) => r.url().includes("/api/v1/logs/histogram"));
    await page.goto(`${suite.url}/events?range=1h&q=${encodeURIComponent(`event_type:${BRUSHED}`)}`);
    const histogram = (await (await histogramAnswer).json()) as {
      buckets: { start: string; count: number }[];
    };
    await expect.poll(() => rowCount(page)).toBe(6);
    const canvas = '[data-testid="event-histogram"] canvas';
    await page.locator(canvas).first().waitFor();
    const n = histogram.buckets.length;
    const full = histogram.buckets.map((b, i) => (b.count ? i : -1)).filter((i) => i >= 0);
    expect(full).toHaveLength(2);

    // Drag across the early bar only: the URL gets an absolute window and the list loses the late rows.
    const start = await categoryPoint(page, canvas, full[0]! - 3, n);
    const end = await categoryPoint(page, canvas, full[0]! + 3, n);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(end.x, end.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.get("from")).not.toBeNull();
    const brushed = new URL(page.url()).searchParams;
    expect(brushed.get("range")).toBeNull();
    expect(Date.parse(brushed.get("from")!)).toBeLessThanOrEqual(early);
    expect(Date.parse(brushed.get("to")!)).toBeGreaterThan(early);
    expect(Date.parse(brushed.get("to")!)).toBeLessThan(late);
    await expect.poll(() => rowCount(page)).toBe(3);

    // Zoom out widens the window again.
    await page.locator('[data-testid="histogram-zoom-out"]').click();
    await expect
      .poll(() => {
        const p = new URL(page.url()).searchParams;
        return Date.parse(p.get("to")!) - Date.parse(p.get("from")!);
      })
      .toBeGreaterThan(Date.parse(brushed.get("to")!) - Date.parse(brushed.get("from")!));

    // Clicking one bar zooms to that bucket.
    await page.goto(`${suite.url}/settings`);
    const answer = page.waitForResponse((r) => r.url().includes("/api/v1/logs/histogram"));
    await page.goto(`${suite.url}/events?range=1h&q=${encodeURIComponent(`event_type:${BRUSHED}`)}`);
    const again = (await (await answer).json()) as { interval_ms: number; buckets: { count: number }[] };
    await page.locator(canvas).first().waitFor();
    const lateIndex = again.buckets.findLastIndex((b) => b.count > 0);
    const bar = await categoryPoint(page, canvas, lateIndex, again.buckets.length);
    await page.mouse.click(bar.x, bar.y);
    await expect.poll(() => new URL(page.url()).searchParams.get("to")).not.toBeNull();
    const clicked = new URL(page.url()).searchParams;
    expect(Date.parse(clicked.get("to")!) - Date.parse(clicked.get("from")!)).toBe(again.interval_ms - 1);
    await expect.poll(() => rowCount(page)).toBe(3);
    expect(await page.locator('[data-testid="event-row"]').first().textContent()).toMatch(/e2e-time-[456]/);
    expectClean(problems);
    await page.context().close();
  });

  it("opens Alerts from a dashboard card and Events from a chart segment, filtered", async () => {
    const { page, problems } = await suite.signedIn("analyst");
    await page.goto(`${suite.url}/dashboard`);
    await page.locator('[data-testid="stat-open-alerts"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/alerts");
    expect(new URL(page.url()).searchParams.get("status")).toBe("new,acknowledged,investigating");
    expect(await page.locator('[role="tab"][aria-selected="true"]').textContent()).toMatch(/Open/);

    // The donut's first slice starts at the top of the ring: a click there opens Events on its severity.
    await page.goto(`${suite.url}/dashboard`);
    const donut = page.locator('[data-testid="severity-panel"] canvas').first();
    await donut.waitFor();
    await page.waitForLoadState("networkidle");
    const box = (await donut.boundingBox())!;
    const ring = (Math.min(box.width, box.height) / 2) * 0.53;
    await page.mouse.click(box.x + box.width / 2 + 2, box.y + box.height * 0.4 - ring);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/events");
    const severity = new URL(page.url()).searchParams.get("severity");
    expect(["critical", "high", "medium", "low", "info"]).toContain(severity);
    const severitySelect = page.locator('[data-testid="event-filters"] select[name="severity"]');
    await severitySelect.waitFor();
    expect(await severitySelect.inputValue()).toBe(severity);

    // The same targets by keyboard: the slice links appear when focused.
    await page.goto(`${suite.url}/dashboard`);
    const link = page.locator('[data-testid="severity-panel"] nav a').first();
    await link.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).searchParams.get("severity")).toBe("critical");

    // Brushing the timeline opens Events on the brushed window.
    await page.goto(`${suite.url}/dashboard`);
    const timeline = '[data-testid="timeline-panel"] canvas';
    await page.locator(timeline).first().waitFor();
    const tl = (await page.locator(timeline).first().boundingBox())!;
    await page.mouse.move(tl.x + tl.width * 0.5, tl.y + tl.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(tl.x + tl.width * 0.8, tl.y + tl.height * 0.6, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/events");
    const window = new URL(page.url()).searchParams;
    expect(Date.parse(window.get("to")!)).toBeGreaterThan(Date.parse(window.get("from")!));
    expectClean(problems);
    await page.context().close();
  });
});
