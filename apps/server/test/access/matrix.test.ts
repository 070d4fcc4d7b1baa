import { randomUUID } from "node:crypto";
import type { Role } from "@vigie/contracts";
import Fastify from "fastify";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessTable, installAccessControl, type RouteAccess } from "../../src/http/access.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

/**
 * The authorization matrix (CONTRACT §9): every registered route, whoever registered it, called as
 * nobody, with a forged token, with an ingest token, with the metrics token, and as each role, answers 401/403/allowed
 * exactly as its declared access says. The routes come from the live route table, so routes added
 * later by other modules are covered without touching this file.
 */

type Principal = "none" | "forged" | "ingest" | "metrics" | Role;
const PRINCIPALS: Principal[] = ["none", "forged", "ingest", "metrics", "analyst", "supervisor", "admin"];
const RANK: Record<Role, number> = { analyst: 0, supervisor: 1, admin: 2 };

/** What a principal must get from a route: refused as unauthenticated, refused as forbidden, or let in. */
function expected(route: RouteAccess, who: Principal): 401 | 403 | "allowed" {
  if (route.access === "public") return "allowed";
  if (route.access === "ingest") return who === "ingest" ? "allowed" : 401;
  if (route.access === "metrics") return who === "metrics" ? "allowed" : 401;
  if (who === "none" || who === "forged" || who === "ingest" || who === "metrics") return 401;
  return RANK[who] >= RANK[route.access] ? "allowed" : 403;
}

// Random ids: an allowed call reaches the handler and finds nothing, so the walk changes no data.
function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, () => randomUUID()).replace(/\*$/, "matrix-probe");
}

describe("authorization matrix", () => {
  let t: TestApp;
  let routes: RouteAccess[];
  let credentials: Record<Principal, string | null>;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ VIGIE_ALLOW_REGISTRATION: "true" });
    routes = accessTable(t.app).filter((r) => r.method !== "HEAD" && r.method !== "OPTIONS");
    const forged = await new SignJWT({ username: "admin", role: "admin", ver: 0 })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("vigie")
      .setSubject(randomUUID())
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-server-key-but-long-enough-0123456789"));
    credentials = {
      none: null,
      forged,
      ingest: t.ingestHeaders.authorization.slice("Bearer ".length),
      metrics: t.metricsHeaders.authorization.slice("Bearer ".length),
      analyst: await t.tokenFor("analyst"),
      supervisor: await t.tokenFor("supervisor"),
      admin: await t.tokenFor("admin"),
    };
    baseUrl = await t.app.listen({ port: 0, host: "127.0.0.1" });
  }, 60_000);
  afterAll(() => t?.close());

  it("every route in the table declares access, and the table holds every route", () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes)
      expect(["public", "ingest", "metrics", "analyst", "supervisor", "admin"]).toContain(route.access);
    // An independent count from fastify's own router: one entry per method of each path.
    const tree = t.app.printRoutes({ commonPrefix: false });
    const routerCount = [...tree.matchAll(/\(([^)]+)\)\s*$/gm)]
      .flatMap((m) => m[1]!.split(",").map((s) => s.trim()))
      .filter((method) => method !== "HEAD" && method !== "OPTIONS").length;
    expect(routes.length).toBe(routerCount);
    for (const route of routes)
      expect(
        t.app.hasRoute({ method: route.method as "GET", url: route.url }),
        `${route.method} ${route.url}`,
      ).toBe(true);
  });

  it("refuses to register a route that declares no access", async () => {
    const bare = Fastify();
    installAccessControl(bare, {
      authenticateUser: async () => ({ id: "x", username: "x", role: "admin" }),
      authenticateIngest: async () => null,
      ingestAuth: "token",
    });
    expect(() => bare.get("/undeclared", async () => "oops")).toThrow(/declares no access/);
    await bare.close();
  });

  it("answers every route × {no token, forged token, ingest token, metrics token, analyst, supervisor, admin} as declared", async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const results = await Promise.all(PRINCIPALS.map((who) => call(route, who)));
      PRINCIPALS.forEach((who, i) => {
        const status = results[i]!;
        const want = expected(route, who);
        const ok = want === "allowed" ? status !== 401 && status !== 403 && status < 500 : status === want;
        if (!ok)
          failures.push(
            `${route.method} ${route.url} as ${who}: got ${status}, expected ${want === "allowed" ? "neither 401, 403 nor 5xx" : want}`,
          );
      });
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("takes the token from ?token= only on the routes that declare it (SSE)", async () => {
    const admin = credentials.admin!;
    const plain = routes.find(
      (r) => r.method === "GET" && r.access === "analyst" && !r.tokenInQuery && !r.url.includes(":"),
    )!;
    const res = await t.app.inject({ url: `${plain.url}?token=${admin}` });
    expect(res.statusCode).toBe(401);
    for (const route of routes.filter((r) => r.tokenInQuery)) {
      expect(await streamStatus(`${route.url}?token=${admin}`), route.url).toBe(200);
      expect(await streamStatus(`${route.url}?token=${credentials.forged}`), route.url).toBe(401);
    }
  });

  async function call(route: RouteAccess, who: Principal): Promise<number> {
    const token = credentials[who];
    const url = concreteUrl(route.url);
    // Streams never end: probe them over a real socket and hang up once the status is known.
    if (route.tokenInQuery && route.method === "GET") return streamStatus(url, token);
    const hasBody = ["POST", "PUT", "PATCH"].includes(route.method);
    const res = await t.app.inject({
      method: route.method as "GET",
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(hasBody ? { payload: {} } : {}),
    });
    return res.statusCode;
  }

  async function streamStatus(url: string, token?: string | null): Promise<number> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 5_000);
    try {
      const res = await fetch(`${baseUrl}${url}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: abort.signal,
      });
      return res.status;
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  }
});
