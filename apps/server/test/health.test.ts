import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { eventually } from "./support/detection.ts";
import { connectSocket, openSse } from "./support/live-clients.ts";

describe("GET /health", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("reports storage and the in-process bus up", async () => {
    const res = await t.app.inject({ url: "/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: "healthy",
      roles: ["api", "ingest", "detect", "worker"],
      dependencies: {
        storage: { status: "up", mode: t.ctx.db.mode, latency_ms: expect.any(Number) },
        bus: { status: "up", mode: "memory" },
      },
      ingest_queue_depth: 0,
    });
  });

  it("answers 503 when storage does not answer", async () => {
    vi.spyOn(t.ctx.db.pool, "query").mockImplementationOnce(() => Promise.reject(new Error("down")));
    const res = await t.app.inject({ url: "/health" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: "unhealthy",
      dependencies: { storage: { status: "down" }, bus: { status: "up" } },
    });
    expect((await t.app.inject({ url: "/health" })).statusCode).toBe(200);
  });
});

describe("GET /health with a Redis bus", () => {
  describe("when Redis cannot be reached", () => {
    // Started in a hook: the embedded engine's start alone can outlast a test's timeout on a busy machine.
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ REDIS_URL: "redis://127.0.0.1:1" });
    });
    afterAll(() => t?.close());

    it("stays 200 but degraded", async () => {
      const res = await t.app.inject({ url: "/health" });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: "degraded",
        dependencies: { storage: { status: "up" }, bus: { status: "down", mode: "redis" } },
      });
    });
  });

  // Needs a Redis server: skipped without TEST_REDIS_URL (the unreachable case above runs anywhere).
  it.skipIf(!process.env.TEST_REDIS_URL)(
    "reports a reachable Redis up, with its round trip (skipped: set TEST_REDIS_URL)",
    async () => {
      const prefix = `vigie-test-${randomBytes(4).toString("hex")}`;
      const t = await startTestApp({ REDIS_URL: process.env.TEST_REDIS_URL!, VIGIE_REDIS_PREFIX: prefix });
      try {
        const res = await t.app.inject({ url: "/health" });
        expect(res.statusCode).toBe(200);
        expect(res.json().dependencies.bus).toEqual({
          status: "up",
          mode: "redis",
          latency_ms: expect.any(Number),
        });
      } finally {
        await t.close();
        const redis = new Redis(process.env.TEST_REDIS_URL!);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
    },
  );
});

describe("live clients in /metrics", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => t.close());

  const liveClients = async () => {
    const body = await t.scrape();
    const count = (stat: string) =>
      Number(new RegExp(`^vigie_live_clients\\{stat="${stat}"\\} (\\d+)$`, "m").exec(body)?.[1]);
    return { sse_logs: count("sse_logs"), sse_alerts: count("sse_alerts"), socketio: count("socketio") };
  };

  it("counts this node's SSE and Socket.IO clients as they come and go", async () => {
    expect(await liveClients()).toEqual({ sse_logs: 0, sse_alerts: 0, socketio: 0 });
    const token = await t.tokenFor("analyst");
    const logs = await openSse(`${base}/api/v1/logs/stream?token=${token}`);
    const socket = await connectSocket(base, token);
    expect(await liveClients()).toEqual({ sse_logs: 1, sse_alerts: 0, socketio: 1 });
    logs.close();
    socket.close();
    await eventually(async () => {
      const counts = await liveClients();
      return counts.sse_logs === 0 && counts.socketio === 0;
    });
  });
});
