import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { accessTable } from "../src/http/access.ts";
import type { App } from "../src/http/app.ts";
import { installOpenapi } from "../src/http/openapi/document.ts";
import { ADMIN, startTestApp, type TestApp } from "./support/app.ts";
import { checkAnswersAgainstDocument } from "./support/documented-answers.ts";

interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string }>;
  tags?: string[];
}
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  tags: { name: string }[];
};

const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

/** Every operation of the document as `METHOD /path/:param`. */
function operations(doc: Document): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      out.set(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ":$1")}`, op);
  return out;
}

const codesOf = (op: Operation | undefined) => Object.keys(op?.responses ?? {}).map(Number);

describe("the OpenAPI document", () => {
  let t: TestApp;
  let doc: Document;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RATE_LIMIT_AUTH: "3" });
    doc = t.app.swagger() as unknown as Document;
  });
  afterAll(() => t.close());

  it("documents every registered route, and only those", () => {
    expect(doc.openapi).toBe("3.1.0");
    const registered = accessTable(t.app)
      .filter((r) => r.method !== "HEAD" && r.url !== "/*" && !r.url.startsWith("/api/docs"))
      .map((r) => `${r.method} ${r.url}`);
    const documented = [...operations(doc).keys()];
    expect(documented.length).toBeGreaterThan(70);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...registered].sort());
    const ids = [...operations(doc).values()].map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(doc.tags.map((tag) => tag.name));
    for (const [key, op] of operations(doc))
      for (const tag of op.tags ?? []) expect(tags, key).toContain(tag);
  });

  it("states each route's security from its declared access", () => {
    const ops = operations(doc);
    for (const route of accessTable(t.app).filter((r) => ops.has(`${r.method} ${r.url}`))) {
      const security = ops.get(`${route.method} ${route.url}`)!.security;
      const key = `${route.method} ${route.url}`;
      if (route.access === "public") expect(security, key).toEqual([]);
      else if (route.access === "ingest")
        expect(security, key).toEqual([{ ingestToken: [] }, { ingestTokenHeader: [] }]);
      else if (route.access === "metrics") expect(security, key).toEqual([{ metricsToken: [] }]);
      else expect(security?.[0], key).toEqual({ userToken: [route.access] });
    }
    for (const open of ["GET /health", "POST /api/v1/auth/login", "POST /api/v1/auth/register"])
      expect(ops.get(open)?.security, open).toEqual([]);
    expect(ops.get("GET /api/v1/logs/stream")?.security).toEqual([
      { userToken: ["analyst"] },
      { userTokenQuery: ["analyst"] },
    ]);
  });

  it("lists the real codes of ingest, sign-in, health and metrics", () => {
    const ops = operations(doc);
    expect(codesOf(ops.get("POST /api/v1/logs/ingest/batch"))).toEqual([201, 207, 401, 413, 415, 422, 503]);
    expect(codesOf(ops.get("POST /api/v1/logs/ingest"))).toEqual([201, 401, 413, 415, 422, 503]);
    expect(codesOf(ops.get("POST /api/v1/logs/ingest/raw"))).toEqual([
      201, 207, 401, 403, 413, 415, 422, 503,
    ]);
    expect(codesOf(ops.get("POST /api/ingest/batch"))).toEqual([201, 400, 401, 413, 415, 503]);
    expect(codesOf(ops.get("POST /api/v1/auth/login"))).toEqual([200, 401, 413, 415, 422, 429, 503]);
    expect(codesOf(ops.get("GET /health"))).toEqual([200, 422, 503]);
    expect(codesOf(ops.get("GET /metrics"))).toEqual([200, 401, 404, 422, 503]);
    expect(codesOf(ops.get("POST /api/v1/sites"))).toEqual([201, 401, 403, 409, 413, 415, 422, 429, 503]);
    for (const op of operations(doc).values())
      for (const [code, response] of Object.entries(op.responses))
        expect(response.description, `${op.operationId} ${code}`).not.toBe("Default Response");
  });

  it("the codes these routes really answer are the ones it lists (the test app checks every answer)", async () => {
    const batch = (events: object[]) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/logs/ingest/batch",
        headers: t.ingestHeaders,
        payload: { events },
      });
    expect((await batch([{ source_type: "auth" }])).statusCode).toBe(201);
    expect((await batch([{ source_type: "auth" }, { source_type: "?" }])).statusCode).toBe(207);
    expect((await batch([{ source_type: "?" }])).statusCode).toBe(422);
    const huge = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest",
      headers: { ...t.ingestHeaders, "content-type": "application/json" },
      payload: `{"message":"${"x".repeat(11 * 1024 * 1024)}"}`,
    });
    expect(huge.statusCode).toBe(413);
    const login = (password: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: ADMIN.username, password },
      });
    expect((await login(ADMIN.password)).statusCode).toBe(200);
    expect((await login("wrong-password")).statusCode).toBe(401);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login("wrong-password")).statusCode);
    expect(statuses).toContain(429);
  });

  it("passes `redocly lint` (recommended rules) with no error", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "vigie-openapi-"));
    const file = path.join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(doc));
    const run = promisify(execFile);
    const result = await run(
      path.join(REPO_ROOT, "node_modules/.bin/redocly"),
      ["lint", file, "--format=json"],
      {
        cwd: dir,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: "off",
          REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
          NO_COLOR: "1",
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { stdout: string; stderr: string }) => error);
    const report = JSON.parse(result.stdout) as {
      totals: { errors: number };
      problems: { ruleId: string }[];
    };
    // The one warning left: Vigie has no licence file to name yet.
    expect(report.problems.map((p) => p.ruleId)).toEqual(["info-license"]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);
});

describe("the test apps' answer check", () => {
  it("names an answer whose code the route's OpenAPI operation does not list", async () => {
    const app = Fastify().withTypeProvider() as unknown as App;
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await installOpenapi(app, "test", "token");
    app.get("/teapot", { config: { access: "public" }, schema: { summary: "t" } }, (_q, reply) =>
      reply.code(418).send({}),
    );
    app.get(
      "/fine",
      { config: { access: "public", answers: [201] }, schema: { summary: "f" } },
      (_q, reply) => reply.code(201).send({}),
    );
    const check = checkAnswersAgainstDocument(app, loadConfig({}));
    await app.ready();
    await app.inject({ url: "/teapot" });
    await app.inject({ url: "/fine" });
    expect(check.problems()).toEqual(["GET /teapot answered 418, which its OpenAPI operation does not list"]);
    await app.close();
  });
});
