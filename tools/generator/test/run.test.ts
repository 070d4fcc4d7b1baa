import { afterEach, describe, expect, it } from "vitest";
import type { GeneratorOptions } from "../args.ts";
import { runGenerator } from "../run.ts";
import { FatalSendError } from "../sender.ts";
import { startIngestServer } from "./ingest-server.ts";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const options = (url: string, overrides: Partial<GeneratorOptions> = {}): GeneratorOptions => ({
  url,
  token: "ingest-token",
  count: 250,
  rate: 100,
  sites: 30,
  burst: false,
  attack: false,
  seed: 99,
  batchSize: 500,
  ...overrides,
});

/** A fake clock that only moves when the generator sleeps, so pacing is measured exactly. */
function fakeTime() {
  let now = Date.parse("2026-11-21T08:00:00.000Z");
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe("runGenerator against a local HTTP ingest server", () => {
  it("sends --count events in batches paced to --rate, and reports progress and a summary", async () => {
    const server = await startIngestServer();
    close = server.close;
    const time = fakeTime();
    const sentAt: number[] = [];
    const fetchAt: typeof fetch = (input, init) => {
      sentAt.push(time.now());
      return fetch(input, init);
    };
    const lines: string[] = [];
    const totals = await runGenerator(options(server.url), {
      ...time,
      fetch: fetchAt,
      log: (line) => lines.push(line),
      reportEveryMs: 1000,
    });

    expect(server.requests.map((r) => r.events.length)).toEqual([100, 100, 50]);
    expect(sentAt.map((t) => t - sentAt[0]!)).toEqual([0, 1000, 1500]);
    expect(server.requests.every((r) => r.authorization === "Bearer ingest-token")).toBe(true);
    expect(totals).toMatchObject({ sent: 250, created: 250, rejected: 0, failed: 0, retries: 0 });
    expect(lines.some((line) => /\d+ sent · [\d.]+ events\/s/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/done: 250 events .* 250 stored, 0 rejected, 0 failed/);
  });

  it("sends full 500-event batches at a high rate and weaves in the kill chain and bursts", async () => {
    const server = await startIngestServer();
    close = server.close;
    const totals = await runGenerator(
      options(server.url, { count: 1200, rate: 100_000, attack: true, burst: true }),
      {
        log: () => undefined,
      },
    );

    expect(server.requests.map((r) => r.events.length)).toEqual([500, 500, 200]);
    expect(totals.created).toBe(1200);
    const events = server.requests.flatMap((r) => r.events);
    const chain = events.filter((e) => (e.metadata as Record<string, unknown>).kill_chain_step !== undefined);
    expect(chain.map((e) => (e.metadata as Record<string, unknown>).kill_chain_step)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(new Set(chain.map((e) => e.site_id)).size).toBe(1);
  });

  it("emits periodic bursts of high/critical events with --burst", async () => {
    const server = await startIngestServer();
    close = server.close;
    await runGenerator(options(server.url, { count: 300, rate: 2, burst: true }), {
      ...fakeTime(),
      log: () => undefined,
    });

    const events = server.requests.flatMap((r) => r.events);
    const burst = events.filter((e) => (e.metadata as Record<string, unknown>).burst === true);
    expect(burst.length).toBeGreaterThanOrEqual(20);
    expect(burst.every((e) => e.severity === "high" || e.severity === "critical")).toBe(true);
  });

  it("produces the same events for the same seed", async () => {
    const server = await startIngestServer();
    close = server.close;
    await runGenerator(options(server.url, { count: 50 }), { ...fakeTime(), log: () => undefined });
    await runGenerator(options(server.url, { count: 50 }), { ...fakeTime(), log: () => undefined });
    expect(server.requests[0]?.events).toEqual(server.requests[1]?.events);
  });

  it("stops with FatalSendError when the token is refused", async () => {
    const server = await startIngestServer(() => ({
      status: 401,
      body: { error: "AuthenticationError", message: "Invalid ingest token" },
    }));
    close = server.close;
    const run = runGenerator(options(server.url), { ...fakeTime(), log: () => undefined });
    await expect(run).rejects.toBeInstanceOf(FatalSendError);
    expect(server.requests).toHaveLength(1);
  });
});
