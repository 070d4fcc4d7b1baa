import type { FastifyInstance } from "fastify";
import { type Config, hasRole } from "../config.ts";
import type { Access } from "./access.ts";
import { errors } from "./errors.ts";

/** Paths every node answers whatever its roles, for load balancers and monitoring. */
const EVERY_NODE = new Set(["/health", "/metrics"]);

/**
 * Serves the routes of this node's roles (CONTRACT §10 `VIGIE_ROLES`): the ingest routes (those
 * declaring `access: "ingest"`) need the `ingest` role, every other route the `api` role, so a node
 * with `ingest` but not `api` is a pure ingest node. Anything else answers 404 like an unknown path,
 * before authentication.
 */
export function installRoleGate(app: FastifyInstance, config: Config): void {
  if (hasRole(config, "ingest") && hasRole(config, "api")) return;
  app.addHook("onRequest", async (request) => {
    const { url, config: route } = request.routeOptions;
    if (!servesRoute(config, url, route.access)) throw errors.notFound("Endpoint");
  });
}

/** Whether a node with this configuration serves the route registered at `url` with this access. */
export function servesRoute(config: Config, url: string | undefined, access: Access | undefined): boolean {
  if (url && EVERY_NODE.has(url)) return true;
  return hasRole(config, access === "ingest" ? "ingest" : "api");
}
