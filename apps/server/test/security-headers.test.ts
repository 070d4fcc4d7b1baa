import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

const THEME_SCRIPT = '\n  document.documentElement.classList.remove("dark");\n';
const INDEX = `<!doctype html><html><head><title>Vigie</title><script>${THEME_SCRIPT}</script>
<script type="module" crossorigin src="/assets/index-AbC123.js"></script></head><body><div id=root></div></body></html>`;

const EVERY_ANSWER = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  const policy = String(header ?? "");
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = "", ...values]) => [name, values]),
  );
}

describe("security headers sent by Vigie itself", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "vigie-headers-"));
    mkdirSync(path.join(dir, "assets"));
    writeFileSync(path.join(dir, "index.html"), INDEX);
    writeFileSync(path.join(dir, "assets", "index-AbC123.js"), "console.log(1);");
    writeFileSync(path.join(dir, "robots.txt"), "User-agent: *\nDisallow: /\n");
    t = await startTestApp({ VIGIE_WEB_DIR: dir });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => t.close());

  it("API answers, successes and errors alike: never stored, nothing allowed if rendered", async () => {
    const answers = [
      await t.app.inject({ url: "/api/v1/sites", headers: await t.as("analyst") }),
      await t.app.inject({ url: "/api/v1/sites" }),
      await t.app.inject({ url: "/api/v1/no-such-route" }),
      await t.app.inject({
        method: "POST",
        url: "/api/v1/logs/ingest",
        headers: t.ingestHeaders,
        payload: {},
      }),
      await t.app.inject({ url: "/health" }),
      await t.app.inject({ url: "/metrics", headers: t.metricsHeaders }),
      await t.app.inject({ url: "/api/docs/json" }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 404, 422, 200, 200, 200]);
    for (const res of answers) {
      expect(res.headers, res.body.slice(0, 80)).toMatchObject({
        ...EVERY_ANSWER,
        "cache-control": "no-store",
      });
      expect(directives(res.headers["content-security-policy"]).get("default-src")).toEqual(["'none'"]);
      expect(directives(res.headers["content-security-policy"]).get("frame-ancestors")).toEqual(["'none'"]);
    }
  });

  it("the console's index.html: a CSP allowing its inline script by hash only, revalidated each time", async () => {
    for (const url of ["/", "/dashboard", "/alerts?status=new"]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers).toMatchObject({ ...EVERY_ANSWER, "cache-control": "no-cache" });
      const csp = directives(res.headers["content-security-policy"]);
      const hash = `'sha256-${createHash("sha256").update(THEME_SCRIPT).digest("base64")}'`;
      expect(csp.get("script-src")).toEqual(["'self'", hash]);
      expect(csp.get("style-src-elem")).toEqual(["'self'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(csp.get("object-src")).toEqual(["'none'"]);
      expect(String(res.headers["content-security-policy"])).not.toMatch(
        /unsafe-eval|script-src[^;]*unsafe-inline/,
      );
      expect(res.headers["permissions-policy"]).toContain("camera=()");
    }
  });

  it("hashed static assets are cached for a year as immutable; other files are revalidated", async () => {
    const asset = await t.app.inject({ url: "/assets/index-AbC123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers).toMatchObject(EVERY_ANSWER);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const robots = await t.app.inject({ url: "/robots.txt" });
    expect(robots.statusCode).toBe(200);
    expect(robots.headers).toMatchObject({ ...EVERY_ANSWER, "cache-control": "no-cache" });
  });

  it("the API reference page has its own document policy, without inline scripts", async () => {
    const res = await t.app.inject({ url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.headers).toMatchObject(EVERY_ANSWER);
    const csp = directives(res.headers["content-security-policy"]);
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("the SSE streams (hijacked from fastify) send the API headers too", async () => {
    const abort = new AbortController();
    const res = await fetch(`${base}/api/v1/logs/stream`, {
      headers: await t.as("analyst"),
      signal: abort.signal,
    });
    abort.abort();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    for (const [name, value] of Object.entries(EVERY_ANSWER)) expect(res.headers.get(name)).toBe(value);
  });
});
