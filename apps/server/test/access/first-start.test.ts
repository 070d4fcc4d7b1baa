import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstStart } from "../../src/bootstrap/first-start.ts";
import { loadConfig } from "../../src/config.ts";
import { IngestTokenService } from "../../src/modules/ingest-tokens/ingest-tokens.service.ts";
import { UsersRepository } from "../../src/modules/users/users.repository.ts";
import { MemoryBus } from "../../src/platform/bus/memory-bus.ts";
import type { Database } from "../../src/platform/db/database.ts";
import { testDatabase } from "../support/database.ts";

describe("first start", () => {
  let db: Database;
  let users: UsersRepository;
  let tokens: IngestTokenService;
  const config = (env: Record<string, string>) =>
    loadConfig({ VIGIE_DATA_DIR: "/tmp/vigie-test-unused", ...env });
  beforeAll(async () => {
    db = await testDatabase();
    users = new UsersRepository(db);
    tokens = new IngestTokenService(db, new MemoryBus());
  }, 60_000);
  afterAll(() => db?.close());

  it("refuses a common VIGIE_ADMIN_PASSWORD and creates nothing", async () => {
    await expect(
      firstStart(config({ VIGIE_ADMIN_PASSWORD: "Password123" }), db, users, tokens),
    ).rejects.toThrow(/VIGIE_ADMIN_PASSWORD: This password is too common/);
    expect(await users.count()).toBe(0);
  });

  it("creates the 30 sites, the first admin and an all-sites token once, and returns the generated secrets", async () => {
    const report = await firstStart(config({}), db, users, tokens);
    expect(report).toMatchObject({
      adminUsername: "admin",
      adminPassword: expect.any(String),
      ingestToken: expect.stringMatching(/^vgi_/),
    });
    expect((await users.findByUsername("admin"))?.role).toBe("admin");
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*) AS n FROM sites WHERE id LIKE 'AUDIO_0%'",
    );
    expect(rows[0]?.n).toBe(30);
    expect(await tokens.authenticate(report!.ingestToken!)).toMatchObject({ siteId: null });
    expect(await firstStart(config({}), db, users, tokens)).toBeNull();
  });
});
