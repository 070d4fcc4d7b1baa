import type { Page } from "./browser.ts";

/** Every page of CONTRACT §10 (plus the audit log and a site page): its English title and what shows it is ready. */
export const PAGES = [
  { path: "/dashboard", title: "Dashboard", ready: '[data-testid="timeline-panel"] canvas' },
  { path: "/events", title: "Events", ready: '[data-testid="event-row"]' },
  { path: "/alerts", title: "Alerts", ready: '[role="tablist"]' },
  { path: "/cases", title: "Cases", ready: '[data-testid="case-search"]' },
  { path: "/rules", title: "Rules", ready: '[data-testid="rule-row"]' },
  { path: "/attack", title: "ATT&CK", ready: '[data-testid="attack-cell"]' },
  { path: "/sites", title: "Sites", ready: '[data-testid="site-card"]' },
  { path: "/sites/AUDIO_003", title: "AUDIO_003", ready: "h1" },
  { path: "/assets", title: "Assets", ready: '[data-testid="asset-row"]' },
  { path: "/scenarios", title: "Scenarios", ready: '[data-testid="running-scenarios"]' },
  { path: "/indicators", title: "Threat intel", ready: '[data-testid="indicator-import-open"]' },
  { path: "/admin/users", title: "Users", ready: '[data-testid="user-row"]' },
  { path: "/audit", title: "Audit log", ready: "table" },
  { path: "/settings", title: "Settings", ready: "form" },
] as const;

/** Waits until nothing is loading any more, so late errors are caught too. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.locator('[role="status"]').first().waitFor({ state: "detached" });
}
