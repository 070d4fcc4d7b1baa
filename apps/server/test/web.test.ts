import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

describe("web console served at /", () => {
  let t: TestApp;
  const script = `console.log(${JSON.stringify("x".repeat(5000))});`;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "vigie-web-"));
    mkdirSync(path.join(dir, "assets"));
    writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>Vigie</title><div id=root></div>");
    writeFileSync(path.join(dir, "assets", "app.js"), script);
    t = await startTestApp({ VIGIE_WEB_DIR: dir });
  });
  afterAll(() => t.close());

  it("serves index.html at / and for client routes, without caching it", async () => {
    for (const url of ["/", "/dashboard", "/events?severity=high", "/sites/AUDIO_001"]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain("<title>Vigie</title>");
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("serves assets compressed and cacheable", async () => {
    const res = await t.app.inject({ url: "/assets/app.js", headers: { "accept-encoding": "gzip" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(res.rawPayload).toString()).toBe(script);
    expect(res.headers["cache-control"]).toContain("immutable");
  });

  it("never answers API paths or missing files with the console", async () => {
    const api = await t.app.inject({ url: "/api/v1/does-not-exist" });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: "NotFound", message: "Endpoint not found" });
    expect((await t.app.inject({ url: "/assets/missing.js" })).statusCode).toBe(404);
    expect((await t.app.inject({ url: "/..%2f..%2fpackage.json" })).body).not.toContain('"workspaces"');
  });

  it("does not compress API answers", async () => {
    const res = await t.app.inject({
      url: "/api/v1/logs?per_page=200",
      headers: { ...(await t.as("analyst")), "accept-encoding": "gzip" },
    });
    expect(res.headers["content-encoding"]).toBeUndefined();
  });
});
