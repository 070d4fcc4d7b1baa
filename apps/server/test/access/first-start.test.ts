import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstStart } from "../../src/bootstrap/first-start.ts";
import { loadConfig } from "../../src/config.ts";
import { type AppContext, createContext } from "../../src/container.ts";
import { packCatalogue } from "../../src/modules/rule-packs/catalogue.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { testDatabase } from "../support/database.ts";

describe("first start", () => {
  let ctx: AppContext;
  const config = (env: Record<string, string>) =>
    loadConfig({ VIGIE_DATA_DIR: "/tmp/vigie-test-unused", VIGIE_ENRICHMENT: "off", ...env });
  beforeAll(async () => {
    ctx = await createContext(config({}), { db: await testDatabase(), logger: createLogger("silent") });
  }, 60_000);
  afterAll(() => ctx?.close());

  it("refuses a common VIGIE_ADMIN_PASSWORD and creates nothing", async () => {
    await expect(firstStart(config({ VIGIE_ADMIN_PASSWORD: "Password123" }), ctx)).rejects.toThrow(
      /VIGIE_ADMIN_PASSWORD: This password is too common/,
    );
    expect(await ctx.users.count()).toBe(0);
  });

  it("creates the 30 sites, the first admin and an all-sites token once, and returns the generated secrets", async () => {
    const report = await firstStart(config({}), ctx);
    expect(report).toMatchObject({
      adminUsername: "admin",
      adminPassword: expect.any(String),
      ingestToken: expect.stringMatching(/^vgi_/),
    });
    expect((await ctx.users.findByUsername("admin"))?.role).toBe("admin");
    const { rows } = await ctx.db.pool.query<{ n: number }>(
      "SELECT count(*) AS n FROM sites WHERE id LIKE 'AUDIO_0%'",
    );
    expect(rows[0]?.n).toBe(30);
    expect(await ctx.ingestTokens.authenticate(report!.ingestToken!)).toMatchObject({ siteId: null });
    expect(await firstStart(config({}), ctx)).toBeNull();
  });

  it("enables SigmaHQ's critical rules, once, audited as the system's change", async () => {
    const catalogue = await packCatalogue("sigmahq")!;
    const critical = catalogue.rules.filter((rule) => rule.level === "critical").map((rule) => rule.id);
    const { rows } = await ctx.db.pool.query<{ id: string; enabled: boolean; severity: string }>(
      "SELECT sigma ->> 'id' AS id, enabled, severity FROM rules WHERE sigma ->> 'id' IS NOT NULL",
    );
    // Every critical rule Vigie can convert is installed and enabled; nothing else from the pack.
    expect(rows.length).toBeGreaterThan(critical.length * 0.8);
    expect(
      rows.every((rule) => critical.includes(rule.id) && rule.enabled && rule.severity === "critical"),
    ).toBe(true);
    const audit = await ctx.db.pool.query<{ actor_username: string | null; details: { selected: number } }>(
      "SELECT actor_username, details FROM audit_log WHERE action = 'rule_pack.installed'",
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({
        actor_username: null,
        details: expect.objectContaining({ selected: critical.length }),
      }),
    ]);
  });
});
