import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";

/**
 * `GET /metrics` in Prometheus text format, for a scraper sending `Authorization: Bearer
 * <VIGIE_METRICS_TOKEN>`; without that variable the route answers 404 (docs/OPERATIONS.md).
 */
export function metricsRoutes(app: App, ctx: AppContext): void {
  if (!ctx.config.VIGIE_METRICS_TOKEN)
    ctx.logger.info("GET /metrics is off until VIGIE_METRICS_TOKEN is set");
  app.get(
    "/metrics",
    {
      config: { access: "metrics" },
      schema: { tags: ["ops"], summary: "Prometheus metrics", produces: ["text/plain"] },
    },
    async (_request, reply) => {
      reply.header("Content-Type", ctx.metrics.registry.contentType);
      return ctx.metrics.exposition();
    },
  );
}
