import { afterEach, describe, expect, it } from "vitest";
import { BATCH_PATH, createSender, FatalSendError, retryAfterMs } from "../sender.ts";
import { startIngestServer } from "./ingest-server.ts";

const events = Array.from({ length: 5 }, (_, i) => ({ source_type: "firewall", message: `event ${i}` }));
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A sleep that records what it was asked to wait and returns at once. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("createSender against a real HTTP server", () => {
  it("retries once after a 429 honouring Retry-After, then counts the 207 totals", async () => {
    const server = await startIngestServer((n) =>
      n === 0
        ? {
            status: 429,
            headers: { "retry-after": "1" },
            body: { error: "RateLimitExceeded", retry_after: 1 },
          }
        : { status: 207, body: { created: 4, errors: [{ index: 2, error: "source_type: invalid" }] } },
    );
    close = server.close;
    const { waits, sleep } = recordingSleep();
    const send = createSender({ url: server.url, token: "tok-123", sleep });

    const result = await send(events);

    expect(result).toEqual({
      created: 4,
      rejected: 1,
      failed: 0,
      retries: 1,
      errors: ["source_type: invalid"],
    });
    expect(waits).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.url).toBe(BATCH_PATH);
    expect(server.requests[1]?.authorization).toBe("Bearer tok-123");
    expect(server.requests[1]?.events).toEqual(events);
  });

  it("backs off exponentially on 503 without Retry-After and gives up after maxAttempts", async () => {
    const server = await startIngestServer(() => ({ status: 503, body: { error: "ServiceUnavailable" } }));
    close = server.close;
    const { waits, sleep } = recordingSleep();
    const send = createSender({ url: server.url, token: "t", sleep, maxAttempts: 4, baseDelayMs: 100 });

    const result = await send(events);

    expect(result.failed).toBe(5);
    expect(result.created).toBe(0);
    expect(server.requests).toHaveLength(4);
    expect(waits).toHaveLength(3);
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(100 * 2 ** i * 0.75);
      expect(wait).toBeLessThanOrEqual(100 * 2 ** i * 1.25);
    });
  });

  it.each([401, 403])("stops with a clear error on %i", async (status) => {
    const server = await startIngestServer(() => ({
      status,
      body: { error: "AuthenticationError", message: "bad" },
    }));
    close = server.close;
    const send = createSender({ url: server.url, token: "wrong", sleep: async () => undefined });

    const failure = await send(events).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(FatalSendError);
    expect((failure as FatalSendError).message).toMatch(/--token/);
    expect(server.requests).toHaveLength(1);
  });

  it("counts a whole 422 batch as rejected without retrying", async () => {
    const server = await startIngestServer(() => ({
      status: 422,
      body: { error: "ValidationError", message: "events" },
    }));
    close = server.close;
    const send = createSender({ url: server.url, token: "t", sleep: async () => undefined });

    expect(await send(events)).toMatchObject({ created: 0, rejected: 5, failed: 0, retries: 0 });
  });

  it("retries network errors, then reports the batch as failed", async () => {
    const server = await startIngestServer();
    await server.close();
    const { waits, sleep } = recordingSleep();
    const send = createSender({ url: server.url, token: "t", sleep, maxAttempts: 3, baseDelayMs: 10 });

    const result = await send(events);

    expect(result).toMatchObject({ created: 0, failed: 5, retries: 2 });
    expect(result.errors[0]).toMatch(/network error/);
    expect(waits).toHaveLength(2);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates, and ignores garbage", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("Sat, 21 Nov 2026 08:00:10 GMT", Date.parse("2026-11-21T08:00:00Z"))).toBe(10_000);
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
