import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";

/** `GET /metrics` in Prometheus text format (unauthenticated like any scrape target: restrict it at the proxy). */
export function metricsRoutes(app: App, ctx: AppContext): void {
  app.get(
    "/metrics",
    { config: { access: "public" }, schema: { tags: ["ops"], summary: "Prometheus metrics" } },
    async (_request, reply) => {
      reply.header("Content-Type", ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    },
  );
}
