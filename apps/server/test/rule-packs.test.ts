import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

interface StoredRule {
  id: string;
  name: string;
  enabled: boolean;
  sigma: { id: string; level: string; status: string } | null;
}

const INSTALL = "/api/v1/rule-packs/sigmahq/install";
const wide = { statuses: ["stable"], levels: ["high", "critical"], products: ["windows"] };

describe("rule packs (SigmaHQ, shipped in apps/server/content/sigma)", () => {
  let t: TestApp;
  let admin: { authorization: string };
  let supervisor: { authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as("admin");
    supervisor = await t.as("supervisor");
  });
  afterAll(() => t.close());

  const pack = async () => (await t.call("GET", "/api/v1/rule-packs", supervisor)).json()[0];
  const packRules = async (): Promise<StoredRule[]> =>
    (await t.call("GET", "/api/v1/rules", admin)).json().filter((r: StoredRule) => r.sigma);

  it("lists the pack with its counts; supervisors read, analysts may not", async () => {
    const listed = await pack();
    expect(listed).toMatchObject({ name: "sigmahq", installed: 0, enabled: 0 });
    expect(listed.products).toEqual(["linux", "network", "web", "windows"]);
    expect(listed.by_product.windows).toBeGreaterThan(2000);
    expect(Object.keys(listed.by_status)).toEqual(["stable", "test", "experimental"]);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    for (const counts of [listed.by_status, listed.by_level, listed.by_product])
      expect(sum(counts)).toBe(listed.rules);
    expect(listed.cells.reduce((n: number, c: { rules: number }) => n + c.rules, 0)).toBe(listed.rules);
    expect((await t.call("GET", "/api/v1/rule-packs", await t.as("analyst"))).statusCode).toBe(403);
  });

  it("refuses selections naming what cannot be installed, and supervisors", async () => {
    const refused = await t.call("POST", INSTALL, admin, { ...wide, statuses: ["stable", "deprecated"] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details).toEqual([
      expect.objectContaining({
        field: "statuses[1]",
        message: expect.stringMatching(/^deprecated rules never load/),
      }),
    ]);
    const unknown = await t.call("POST", INSTALL, admin, {
      ...wide,
      levels: ["severe"],
      products: ["macos"],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().details.map((d: { field: string }) => d.field)).toEqual([
      "levels[0]",
      "products[0]",
    ]);
    expect((await t.call("POST", INSTALL, admin, { ...wide, products: [] })).statusCode).toBe(422);
    expect(
      (await t.call("POST", INSTALL, admin, { statuses: ["unsupported"], levels: ["high"] })).statusCode,
    ).toBe(422);
    expect((await t.call("POST", "/api/v1/rule-packs/nope/install", admin, wide)).statusCode).toBe(404);
    expect((await t.call("POST", INSTALL, supervisor, wide)).statusCode).toBe(403);
    expect(await packRules()).toEqual([]);
  });

  it("previews without storing, then installs the selection enabled", async () => {
    const preview = await t.call("POST", INSTALL, admin, { ...wide, dry_run: true });
    expect(preview.statusCode).toBe(200);
    const planned = preview.json();
    expect(planned).toMatchObject({ dry_run: true, pack: "sigmahq", updated: 0, disabled: [] });
    expect(planned.created).toBe(planned.selected);
    expect(planned.selected).toBeGreaterThan(20);
    expect(await packRules()).toEqual([]);

    const installed = (await t.call("POST", INSTALL, admin, wide)).json();
    expect(installed).toMatchObject({ dry_run: false, created: planned.created, selection: wide });
    const rules = await packRules();
    expect(rules).toHaveLength(planned.created);
    for (const rule of rules) {
      expect(rule.sigma?.status).toBe("stable");
      expect(["high", "critical"]).toContain(rule.sigma?.level);
    }
    expect(rules.filter((r) => r.enabled)).toHaveLength(planned.created - installed.no_matching_source);
    expect(await pack()).toMatchObject({
      installed: rules.length,
      enabled: rules.filter((r) => r.enabled).length,
    });
  });

  it("re-installs narrower: the rules no longer selected are disabled, never deleted; wider again enables them", async () => {
    const before = await packRules();
    const high = before.filter((r) => r.sigma?.level === "high" && r.enabled);
    const critical = before.filter((r) => r.sigma?.level === "critical");
    const tuned = critical[0]!;
    await t.call("PATCH", `/api/v1/rules/${tuned.id}`, admin, { enabled: false, cooldown_seconds: 900 });

    const narrow = (await t.call("POST", INSTALL, admin, { ...wide, levels: ["critical"] })).json();
    expect(narrow).toMatchObject({ created: 0, updated: critical.length });
    expect(narrow.disabled.map((d: { rule_id: string }) => d.rule_id).sort()).toEqual(
      high.map((r) => r.id).sort(),
    );
    const after = await packRules();
    expect(after).toHaveLength(before.length);
    expect(after.filter((r) => r.enabled).map((r) => r.sigma?.level)).toEqual(critical.map(() => "critical"));
    // The selection is what runs: a selected rule an admin disabled is enabled again, its tuning kept.
    const again = (await t.call("GET", `/api/v1/rules/${tuned.id}`, admin)).json();
    expect(again).toMatchObject({ enabled: true, cooldown_seconds: 900 });

    const widened = (await t.call("POST", INSTALL, admin, wide)).json();
    expect(widened).toMatchObject({ created: 0, updated: before.length, disabled: [] });
    expect((await packRules()).filter((r) => r.enabled)).toHaveLength(before.filter((r) => r.enabled).length);
  });

  it("audits each install with its selection", async () => {
    const audit = (await t.call("GET", "/api/v1/audit?action=rule_pack.installed", admin)).json();
    const entries: { details: { pack: string; selection: object; disabled: number } }[] =
      audit.items ?? audit;
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => e.details.pack)).toEqual(["sigmahq", "sigmahq", "sigmahq"]);
    expect(entries.some((e) => e.details.disabled > 0)).toBe(true);
  });
});
