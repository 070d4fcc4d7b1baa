import rateLimit, { type FastifyRateLimitStore } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { Access } from "./access.ts";
import { errors } from "./errors.ts";
import type { RateLimitStore } from "./rate-limit-store.ts";

/** A named limit: how many requests per window, counted under which key. */
interface Policy {
  max: number;
  windowMs: number;
  key(request: FastifyRequest): string;
}

/** The limits a route can name in `config.rateLimitPolicy` ("none" = unlimited). */
export type RateLimitPolicyName = "auth" | "api" | "none";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Which limit applies; by default "api" for signed-in routes and "none" for public and ingest routes. */
    rateLimitPolicy?: RateLimitPolicyName;
  }
}

/** Per-minute limits from the configuration (0 = unlimited). */
export interface RateLimitSettings {
  authPerMinute: number;
  apiPerMinute: number;
}

const MINUTE = 60_000;
const WARN_EVERY_MS = 10_000;

// Ingest has its own backpressure (503 when the pipeline is full) and must not pay a counter per event;
// public routes other than sign-in and registration are health, docs and the web app.
const DEFAULT_POLICY: Record<Access, RateLimitPolicyName> = {
  public: "none",
  ingest: "none",
  metrics: "none",
  analyst: "api",
  supervisor: "api",
  admin: "api",
};

function policies(settings: RateLimitSettings): Record<Exclude<RateLimitPolicyName, "none">, Policy> {
  return {
    // Per client IP and per endpoint: guessing passwords or mass-registering from one address is slowed down.
    auth: { max: settings.authPerMinute, windowMs: MINUTE, key: (r) => `auth:${r.routeOptions.url}:${r.ip}` },
    // Per user across the whole API (the access hook has already identified them).
    api: {
      max: settings.apiPerMinute,
      windowMs: MINUTE,
      key: (r) => (r.user ? `api:user:${r.user.id}` : `api:ip:${r.ip}`),
    },
  };
}

/**
 * Rate limits through @fastify/rate-limit over our store port; must be installed before the routes
 * (it decides each route's limit as the route registers). Over the limit: 429 RateLimitExceeded with
 * `Retry-After`. A failing store lets requests through (logged) rather than take the API down.
 */
export async function installRateLimits(
  app: FastifyInstance,
  store: RateLimitStore,
  settings: RateLimitSettings,
  logger: Logger,
): Promise<void> {
  const byName = policies(settings);
  app.addHook("onRoute", (route) => {
    if (!route.config?.access) return;
    const name = route.config.rateLimitPolicy ?? DEFAULT_POLICY[route.config.access];
    const policy = name === "none" ? undefined : byName[name];
    route.config = {
      ...route.config,
      rateLimitPolicy: name,
      rateLimit:
        policy && policy.max > 0
          ? { max: policy.max, timeWindow: policy.windowMs, keyGenerator: policy.key }
          : false,
    };
  });
  await app.register(rateLimit, {
    global: false,
    store: storeAdapter(store, logger),
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      errors.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}

// The plugin's store interface is callback-based and builds its store itself; this adapts our port.
function storeAdapter(store: RateLimitStore, logger: Logger) {
  // During an outage every request fails the same way: say so once per interval, not once per request.
  let lastWarning = 0;
  const warn = (error: Error) => {
    if (Date.now() - lastWarning < WARN_EVERY_MS) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, "rate-limit store unavailable; requests are let through");
  };
  return class implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      store.hit(key, timeWindow).then(
        (hit) => callback(null, { current: hit.count, ttl: hit.resetMs }),
        (error: Error) => {
          warn(error);
          callback(error);
        },
      );
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
