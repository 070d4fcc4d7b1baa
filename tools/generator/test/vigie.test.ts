import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../apps/server/test/support/app.ts";
import type { GeneratorOptions } from "../args.ts";
import { runGenerator } from "../run.ts";
import { FatalSendError } from "../sender.ts";

// The generator against a real Vigie (embedded storage), listening on a local port like a deployed one.
describe("the generator against a running Vigie", () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp();
    url = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => t?.close());

  const options = (overrides: Partial<GeneratorOptions>): GeneratorOptions => ({
    url,
    token: t.ingestHeaders.authorization.replace("Bearer ", ""),
    count: 600,
    rate: 100_000,
    sites: 30,
    burst: false,
    attack: true,
    seed: 2026,
    batchSize: 500,
    ...overrides,
  });

  // Read back through the events repository: what is checked here is what was stored, not the read API.
  const total = async (equals: Record<string, string> = {}) =>
    (await t.ctx.events.list({ equals }, 0, 1)).total;

  it("stores every generated event, kill chain included, through the public batch API", async () => {
    const totals = await runGenerator(options({}), { log: () => undefined });

    expect(totals).toMatchObject({ sent: 600, created: 600, rejected: 0, failed: 0 });
    expect(await total()).toBe(600);
    expect(await total({ source_type: "firewall" })).toBeGreaterThan(await total({ source_type: "network" }));
    expect(await total({ event_type: "data_exfiltration" })).toBe(1);
    expect(await total({ event_type: "privilege_escalation" })).toBe(1);
  });

  it("stops on a refused token with a clear error", async () => {
    const run = runGenerator(options({ token: "not-a-token", count: 10 }), { log: () => undefined });
    await expect(run).rejects.toThrow(FatalSendError);
    await expect(
      runGenerator(options({ token: "nope", count: 10 }), { log: () => undefined }),
    ).rejects.toThrow(/--token/);
  });
});
