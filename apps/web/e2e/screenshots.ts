// `npx tsx apps/web/e2e/screenshots.ts [--url <running Vigie> --password <admin password>] [--out <dir>]`:
// regenerates docs/screenshots/<page>-<theme>.png at 1440×900. Without --url it starts its own server
// and fills it with generated traffic, an attack kill chain and a running scenario first.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { VigieApi } from "./support/api.ts";
import { launchBrowser, loginAs, newContext, openPage, type Page } from "./support/browser.ts";
import { seedDemoData } from "./support/demo-data.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME, REPO_ROOT, startVigie, type VigieServer } from "./support/server.ts";

/** One screenshot: where to go, and what to wait for or do before taking it. */
interface Shot {
  name: string;
  path: string;
  prepare?: (page: Page, api: VigieApi) => Promise<void>;
}

const firstRow = (page: Page) => page.locator("tbody tr[data-row-id] td").first();

const SHOTS: Shot[] = [
  { name: "dashboard", path: "/dashboard" },
  { name: "events", path: "/events" },
  {
    name: "event-detail",
    path: "/events",
    prepare: async (page) => {
      await firstRow(page).click();
      await page.locator('[role="dialog"]').waitFor();
    },
  },
  { name: "alerts", path: "/alerts" },
  {
    name: "alert-detail",
    path: "/alerts",
    prepare: async (page) => {
      await firstRow(page).click();
      await page.locator('[role="dialog"]').waitFor();
    },
  },
  { name: "rules", path: "/rules" },
  {
    name: "rule-detail",
    path: "/rules",
    prepare: async (page) => {
      await firstRow(page).click();
      await page.locator('[role="dialog"]').waitFor();
      await page.locator('[data-testid="backtest-run"]').click();
      await page.locator('[data-testid="backtest-result"]').scrollIntoViewIfNeeded();
    },
  },
  { name: "sites", path: "/sites" },
  { name: "site", path: "/sites/AUDIO_017" },
  {
    name: "scenarios",
    path: "/scenarios",
    prepare: async (page, api) => {
      await api.asAdmin("POST", "/api/v1/scenarios/start", {
        filename: "phishing-c2-beaconing.yml",
        speed: 0.5,
        site_id: "AUDIO_019",
      });
      await page.locator('[data-testid="scenario-run"]').first().waitFor();
    },
  },
  { name: "users", path: "/admin/users" },
  { name: "audit", path: "/audit" },
  { name: "settings", path: "/settings" },
];

/** Lets queries, charts and their animations settle before the picture is taken. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page
    .locator('[role="status"]')
    .first()
    .waitFor({ state: "detached", timeout: 10_000 })
    .catch(() => undefined);
  await page.waitForTimeout(1_200);
}

/** Takes every page's screenshot in one theme; returns the console problems seen on the way. */
async function captureTheme(
  url: string,
  password: string,
  theme: "dark" | "light",
  outDir: string,
): Promise<string[]> {
  const browser = await launchBrowser();
  const api = new VigieApi(url, password);
  try {
    const { page, problems } = await openPage(await newContext(browser, { theme }));
    await page.goto(`${url}/login`);
    await settle(page);
    await page.screenshot({ path: path.join(outDir, `login-${theme}.png`) });
    await loginAs(page, url, ADMIN_USERNAME, password);
    for (const shot of SHOTS) {
      await page.goto(`${url}${shot.path}`);
      await settle(page);
      await shot.prepare?.(page, api);
      if (shot.prepare) await settle(page);
      await page.screenshot({ path: path.join(outDir, `${shot.name}-${theme}.png`) });
    }
    return [...problems.consoleErrors, ...problems.pageErrors];
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      password: { type: "string" },
      out: { type: "string" },
      "no-build": { type: "boolean", default: false },
    },
  });
  const outDir = path.resolve(values.out ?? path.join(REPO_ROOT, "docs/screenshots"));
  mkdirSync(outDir, { recursive: true });
  let server: VigieServer | undefined;
  try {
    let url = values.url;
    if (!url) {
      if (!values["no-build"])
        execFileSync("npm", ["run", "build", "-w", "@vigie/web"], { cwd: REPO_ROOT, stdio: "inherit" });
      server = await startVigie();
      url = server.url;
      await seedDemoData(new VigieApi(url));
    }
    const password = values.password ?? ADMIN_PASSWORD;
    for (const theme of ["dark", "light"] as const) {
      const problems = await captureTheme(url, password, theme, outDir);
      for (const p of problems) console.warn(`[${theme}] ${p}`);
    }
    console.log(`screenshots written to ${outDir}`);
  } finally {
    await server?.stop();
  }
}

await main();
