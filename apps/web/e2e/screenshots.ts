// `npx tsx apps/web/e2e/screenshots.ts [--url <running Vigie> --password <admin password>] [--out <dir>] [--only <prefix>]`:
// regenerates docs/screenshots/: every page in both themes at 1440×900 (`<page>-<theme>.png`), and the pages
// that change most with the width at 1024×768 (`<page>-light-1024.png`) and 390×844 (`<page>-dark-390.png`).
// Without --url it starts its own server and fills it with generated traffic, an attack kill chain and a
// running scenario first. Anything sticking out past the right edge is reported.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { VigieApi } from "./support/api.ts";
import { launchBrowser, loginAs, newContext, openPage, type Page } from "./support/browser.ts";
import { demoCase } from "./support/demo-case.ts";
import { seedDemoData } from "./support/demo-data.ts";
import { overflowingElements, VIEWPORTS } from "./support/layout.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME, REPO_ROOT, startVigie, type VigieServer } from "./support/server.ts";

type ViewportName = keyof typeof VIEWPORTS;

/** One screenshot: where to go, at which widths, and what to wait for or do before taking it. */
interface Shot {
  name: string;
  path: string;
  /** The widths it is taken at; the desktop only by default. */
  at?: ViewportName[];
  prepare?: (page: Page, api: VigieApi) => Promise<void>;
}

/** A width with the themes it is pictured in, its file name suffix, and whether the login page is taken. */
interface Capture {
  viewport: ViewportName;
  themes: ("dark" | "light")[];
  suffix: string;
  login: boolean;
}

const CAPTURES: Capture[] = [
  { viewport: "desktop", themes: ["dark", "light"], suffix: "", login: true },
  { viewport: "laptop", themes: ["light"], suffix: "-1024", login: false },
  { viewport: "phone", themes: ["dark"], suffix: "-390", login: true },
];

const firstRow = (page: Page) => page.locator("tbody tr[data-row-id] td").first();
const openFirstRow = async (page: Page) => {
  await firstRow(page).click();
  await page.locator('[role="dialog"]').waitFor();
};

/** The search pictured by the saved-searches and rule-from-search shots. */
const SHOT_SEARCH = `q=${encodeURIComponent("sshd severity>=medium")}&range=24h`;

const SHOTS: Shot[] = [
  { name: "dashboard", path: "/dashboard", at: ["desktop", "laptop", "phone"] },
  {
    name: "navigation",
    path: "/dashboard",
    at: ["phone"],
    prepare: async (page) => {
      await page.locator('[data-testid="nav-toggle"]').click();
    },
  },
  { name: "events", path: "/events", at: ["desktop", "laptop", "phone"] },
  {
    name: "events-fields",
    path: "/events",
    at: ["desktop", "phone"],
    // The field panel (a drawer on a phone) with one field's top values opened.
    prepare: async (page) => {
      const panel = page.locator('[data-testid="field-panel"]');
      if (!(await panel.count())) await page.locator('[data-testid="field-panel-toggle"]').click();
      await panel.locator('[data-testid="field-event_type"]').click();
      await panel.locator('[data-testid="top-value"]').first().waitFor();
    },
  },
  {
    name: "events-autocomplete",
    path: "/events",
    at: ["desktop", "phone"],
    prepare: async (page) => {
      await page.locator('[data-testid="event-search"]').pressSequentially("source_");
      await page.locator('[data-testid="search-suggestion"]').first().waitFor();
    },
  },
  {
    name: "events-columns",
    path: "/events",
    at: ["desktop", "phone"],
    prepare: async (page) => {
      await page.locator('[data-testid="columns-button"]').click();
      await page.locator('[data-testid="column-chooser"]').waitFor();
    },
  },
  { name: "event-detail", path: "/events", at: ["desktop", "phone"], prepare: openFirstRow },
  {
    name: "saved-searches",
    path: `/events?${SHOT_SEARCH}`,
    at: ["desktop", "phone"],
    prepare: async (page, api) => {
      // Once per server: the next widths find it saved.
      await api
        .asAdmin("POST", "/api/v1/saved-searches", {
          name: "Failed SSH logons",
          description: "Password failures on the clinics' servers, to check each morning",
          q: "sshd",
          shared: true,
        })
        .catch(() => undefined);
      await page.locator('[data-testid="saved-searches-open"]').click();
      await page.locator('[data-testid="saved-search"]').first().waitFor();
    },
  },
  {
    name: "rule-from-search",
    path: `/rules?from_search=${encodeURIComponent(SHOT_SEARCH)}`,
    at: ["desktop", "phone"],
    prepare: async (page) => {
      await page.locator('[data-testid="search-rule-notes"]').waitFor();
    },
  },
  { name: "alerts", path: "/alerts", at: ["desktop", "phone"] },
  {
    name: "alerts-bulk",
    path: "/alerts",
    at: ["desktop", "phone"],
    prepare: async (page) => {
      const ticks = page.locator('[data-testid="alert-row"] [data-testid="alert-select"]');
      for (let i = 0; i < 3; i++) await ticks.nth(i).check();
    },
  },
  {
    name: "alerts-grouped",
    path: "/alerts?view=rule",
    at: ["desktop", "phone"],
    prepare: async (page) => {
      await page.locator('[data-testid="alert-group-toggle"]').first().click();
      await page.locator('[data-testid="group-alert"]').first().waitFor();
    },
  },
  {
    name: "alert-detail",
    path: "/alerts",
    at: ["desktop", "laptop", "phone"],
    // The first cell ticks the alert: open it from its title.
    prepare: async (page) => {
      await page.locator('[data-testid="alert-row"] td').nth(3).click();
      await page.locator('[data-testid="alert-facts"]').waitFor();
    },
  },
  {
    name: "alert-detail-exception",
    path: "/alerts",
    at: ["desktop", "phone"],
    // "Add exception…" opened on the first alert, its group field chosen.
    prepare: async (page) => {
      await page.locator('[data-testid="alert-row"] td').nth(3).click();
      await page.locator('[data-testid="add-exception"]').click();
      await page.locator('[data-testid="exception-reason"]').fill("Known vulnerability scanner");
      await page.locator('[data-testid="add-exception-form"]').scrollIntoViewIfNeeded();
    },
  },
  {
    name: "cases",
    path: "/cases",
    at: ["desktop", "phone"],
    prepare: async (page, api) => {
      await demoCase(api);
      await page.reload();
      await page.locator('[data-testid="case-row"]').first().waitFor();
    },
  },
  {
    name: "case",
    path: "/cases",
    at: ["desktop", "laptop", "phone"],
    prepare: async (page, api) => {
      await page.goto(`${page.url().split("/cases")[0]}/cases/${await demoCase(api)}`);
      await page.locator('[data-testid="case-timeline"]').waitFor();
    },
  },
  { name: "rules", path: "/rules" },
  {
    name: "rule-detail",
    path: "/rules",
    prepare: async (page) => {
      await openFirstRow(page);
      await page.locator('[data-testid="backtest-run"]').click();
      await page.locator('[data-testid="backtest-result"]').scrollIntoViewIfNeeded();
    },
  },
  {
    name: "sigma-import",
    path: "/rules",
    at: ["desktop", "phone"],
    // A preview only: the picture shows what an import would do without changing the server's rules.
    prepare: async (page) => {
      await page.locator('[data-testid="sigma-open"]').click();
      const rule = readFileSync(
        path.join(
          REPO_ROOT,
          "apps/web/e2e/fixtures/sigma/proc_creation_win_bitsadmin_download_direct_ip.yml",
        ),
        "utf8",
      );
      await page.locator('[data-testid="sigma-text"]').fill(rule);
      await page.locator('[data-testid="sigma-preview"]').click();
      await page.locator('[data-testid="sigma-result"]').waitFor();
    },
  },
  {
    name: "rule-packs",
    path: "/rules",
    at: ["desktop", "phone"],
    // A preview only (dry run): the picture shows the selection and its answer without installing anything.
    prepare: async (page) => {
      await page.locator('[data-testid="packs-open"]').click();
      await page.locator('[data-testid="pack-preview"]').click();
      await page.locator('[data-testid="sigma-result"]').waitFor({ timeout: 60_000 });
    },
  },
  { name: "attack", path: "/attack", at: ["desktop", "laptop", "phone"] },
  {
    name: "attack-technique",
    path: "/attack?show=covered",
    at: ["desktop", "phone"],
    prepare: async (page) => {
      await page.locator('[data-testid="attack-cell"]').first().click();
      await page.locator('[data-testid="attack-drawer"]').waitFor();
    },
  },
  { name: "sites", path: "/sites", at: ["desktop", "phone"] },
  { name: "site", path: "/sites/AUDIO_017", at: ["desktop", "laptop"] },
  {
    name: "site-networks",
    path: "/sites/AUDIO_017",
    at: ["desktop", "phone"],
    // Typed, not saved: the picture shows the editor without changing the server's data.
    prepare: async (page) => {
      const editor = page.locator('[data-testid="site-networks-form"] textarea');
      await editor.fill("10.17.0.0/16\n192.168.17.0/24\nfd00:17::/48");
      await page.locator('[data-testid="site-networks"]').scrollIntoViewIfNeeded();
    },
  },
  {
    name: "scenarios",
    path: "/scenarios",
    prepare: async (page, api) => {
      await api.asAdmin("POST", "/api/v1/scenarios/start", {
        filename: "phishing-c2-beaconing.yml",
        speed: 0.5,
        site_id: "AUDIO_019",
      });
      // The page polls runs only while one is active: when none was, it learns of this one on reload.
      await page.reload();
      await page.locator('[data-testid="scenario-run"]').first().waitFor();
    },
  },
  { name: "users", path: "/admin/users" },
  { name: "audit", path: "/audit", at: ["desktop", "laptop", "phone"] },
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

/** Takes one width's shots in one theme; returns the console problems and overflows seen on the way. */
async function capture(
  url: string,
  password: string,
  target: Omit<Capture, "themes"> & { theme: "dark" | "light" },
  outDir: string,
  only?: string,
): Promise<string[]> {
  const browser = await launchBrowser();
  const api = new VigieApi(url, password);
  const file = (name: string) => path.join(outDir, `${name}-${target.theme}${target.suffix}.png`);
  const overflows: string[] = [];
  try {
    const context = await newContext(browser, { theme: target.theme, viewport: VIEWPORTS[target.viewport] });
    const { page, problems } = await openPage(context);
    if (target.login && !only) {
      await page.goto(`${url}/login`);
      await settle(page);
      await page.screenshot({ path: file("login") });
    }
    await loginAs(page, url, ADMIN_USERNAME, password);
    const shots = SHOTS.filter(
      (s) => (s.at ?? ["desktop"]).includes(target.viewport) && (!only || s.name.startsWith(only)),
    );
    for (const shot of shots) {
      await page.goto(`${url}${shot.path}`);
      await settle(page);
      await shot.prepare?.(page, api);
      if (shot.prepare) await settle(page);
      for (const o of await overflowingElements(page)) overflows.push(`${shot.name}: sticks out: ${o}`);
      await page.screenshot({ path: file(shot.name) });
    }
    return [...problems.consoleErrors, ...problems.pageErrors, ...problems.cspViolations, ...overflows];
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
      /** Only the shots whose name starts with this (e.g. `alert`), leaving the other pictures as they are. */
      only: { type: "string" },
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
    for (const { themes, ...target } of CAPTURES)
      for (const theme of themes) {
        const problems = await capture(url, password, { ...target, theme }, outDir, values.only);
        for (const p of problems) console.warn(`[${target.viewport} ${theme}] ${p}`);
      }
    console.log(`screenshots written to ${outDir}`);
  } finally {
    await server?.stop();
  }
}

await main();
