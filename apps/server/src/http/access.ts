import { createHash, timingSafeEqual } from "node:crypto";
import { ROLES, type Role } from "@vigie/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { IngestPrincipal } from "../modules/ingest-tokens/ingest-tokens.service.ts";
import { errors } from "./errors.ts";

/**
 * Who may call a route: anyone, an ingest source, the metrics scraper (`VIGIE_METRICS_TOKEN`), or a
 * signed-in user with at least this role.
 */
export type Access = "public" | "ingest" | "metrics" | Role;

/** The signed-in user attached to a request. */
export interface RequestUser {
  id: string;
  username: string;
  role: Role;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Required on every route: registration fails without it. */
    access?: Access;
    /** Accept the access token as `?token=` (SSE only: EventSource cannot send headers). */
    tokenInQuery?: boolean;
    /** AudioSOC v1 route: its documented 400 errors keep the AudioSOC v1 API's `{error}` body. */
    audioSoc?: boolean;
  }
  interface FastifyRequest {
    user: RequestUser | null;
    ingest: IngestPrincipal | null;
  }
}

/** What the access hook needs from the rest of the application. */
export interface AccessDeps {
  /** Verifies a JWT and loads its (active) user; throws AuthenticationError. */
  authenticateUser(token: string): Promise<RequestUser>;
  /** Verifies an ingest token. */
  authenticateIngest(token: string): Promise<IngestPrincipal | null>;
  ingestAuth: "token" | "open";
  /** `VIGIE_METRICS_TOKEN`; without it the metrics routes answer 404 like an unknown path. */
  metricsToken?: string;
}

const rank = (role: Role) => ROLES.indexOf(role);

/** One registered route and the access it declared. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
  tokenInQuery: boolean;
}

const tables = new WeakMap<FastifyInstance, RouteAccess[]>();

/** Every route registered on the app with its declared access (what the authorization tests walk). */
export function accessTable(app: FastifyInstance): readonly RouteAccess[] {
  return tables.get(app) ?? [];
}

/** Every route must declare its access; the hook enforces it before any handler runs. */
export function installAccessControl(app: FastifyInstance, deps: AccessDeps): void {
  app.decorateRequest("user", null);
  app.decorateRequest("ingest", null);
  const table: RouteAccess[] = [];
  tables.set(app, table);
  app.addHook("onRoute", (route) => {
    const access = route.config?.access ?? (route.url.startsWith("/api/docs") ? "public" : undefined);
    if (!access) throw new Error(`Route ${route.method} ${route.url} declares no access`);
    for (const method of [route.method].flat()) {
      table.push({ method, url: route.url, access, tokenInQuery: route.config?.tokenInQuery === true });
    }
  });
  app.addHook("onRequest", async (request) => {
    const access =
      request.routeOptions.config.access ?? (request.url.startsWith("/api/docs") ? "public" : undefined);
    if (access === "public" || (access === undefined && request.is404)) return;
    if (access === "ingest") return authenticateIngest(request, deps);
    if (access === "metrics") return authenticateScraper(request, deps.metricsToken);
    if (!access) throw errors.forbidden();
    const token = bearer(request) ?? (request.routeOptions.config.tokenInQuery ? queryToken(request) : null);
    if (!token) throw errors.unauthenticated();
    request.user = await deps.authenticateUser(token);
    if (rank(request.user.role) < rank(access)) throw errors.forbidden();
  });
}

async function authenticateIngest(request: FastifyRequest, deps: AccessDeps): Promise<void> {
  const token = bearer(request) ?? header(request, "x-vigie-token");
  if (!token) {
    if (deps.ingestAuth === "open") return;
    throw errors.unauthenticated("Ingest token required (Authorization: Bearer or X-Vigie-Token)");
  }
  request.ingest = await deps.authenticateIngest(token);
  if (!request.ingest && deps.ingestAuth === "token") throw errors.unauthenticated("Invalid ingest token");
}

// Metrics reveal volumes, sites' activity and queue depths: off unless the operator configured a token.
function authenticateScraper(request: FastifyRequest, expected: string | undefined): void {
  if (!expected) throw errors.notFound("Endpoint");
  const token = bearer(request);
  if (!token || !sameSecret(token, expected)) throw errors.unauthenticated("Metrics token required");
}

// Compared as digests so neither the length nor the first differing byte shows in the timing.
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function header(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

function bearer(request: FastifyRequest): string | null {
  const value = header(request, "authorization");
  const match = value?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

function queryToken(request: FastifyRequest): string | null {
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === "string" && token ? token : null;
}
