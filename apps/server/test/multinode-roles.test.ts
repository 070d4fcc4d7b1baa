import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

describe("VIGIE_ROLES decides what a node serves", () => {
  let ingestNode: TestApp;
  let apiNode: TestApp;
  beforeAll(async () => {
    ingestNode = await startTestApp({ VIGIE_ROLES: "ingest" });
    apiNode = await startTestApp({ VIGIE_ROLES: "api,detect" });
  });
  afterAll(async () => {
    await ingestNode?.close();
    await apiNode?.close();
  });

  it("an ingest node serves the native and AudioSOC v1 ingest routes, and health", async () => {
    const native = await ingestNode.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest",
      headers: ingestNode.ingestHeaders,
      payload: { source_type: "auth" },
    });
    expect(native.statusCode).toBe(201);
    const audioSoc = await ingestNode.app.inject({
      method: "POST",
      url: "/api/ingest",
      headers: ingestNode.ingestHeaders,
      payload: { source: "firewall", event_type: "blocked", severity: "low", description: "drop" },
    });
    expect(audioSoc.statusCode).toBe(201);
    expect((await ingestNode.app.inject({ url: "/health" })).statusCode).toBe(200);
  });

  it("an ingest node answers 404 for the API, its live streams and Socket.IO, even without credentials", async () => {
    for (const url of ["/api/v1/logs", "/api/v1/logs/stream?token=x", "/api/v1/auth/login", "/api/events"]) {
      const res = await ingestNode.app.inject({ url, headers: await ingestNode.as("analyst") });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: "NotFound", message: "Endpoint not found" });
    }
    expect((await ingestNode.app.inject({ url: "/socket.io/?EIO=4&transport=polling" })).statusCode).toBe(
      404,
    );
    expect(ingestNode.app.live).toBeUndefined();
  });

  it("an api node without ingest refuses ingest but serves the API and live", async () => {
    const res = await apiNode.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest",
      headers: apiNode.ingestHeaders,
      payload: { source_type: "auth" },
    });
    expect(res.statusCode).toBe(404);
    expect(
      (await apiNode.app.inject({ url: "/api/v1/logs", headers: await apiNode.as("analyst") })).statusCode,
    ).toBe(200);
    expect(apiNode.app.live).toBeDefined();
  });
});
