import type { FastifyInstance } from "fastify";
import { type Config, hasRole } from "../config.ts";
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
  const served = { ingest: hasRole(config, "ingest"), api: hasRole(config, "api") };
  if (served.ingest && served.api) return;
  app.addHook("onRequest", async (request) => {
    const { url, config: route } = request.routeOptions;
    if (url && EVERY_NODE.has(url)) return;
    if (route.access === "ingest" ? served.ingest : served.api) return;
    throw errors.notFound("Endpoint");
  });
}
