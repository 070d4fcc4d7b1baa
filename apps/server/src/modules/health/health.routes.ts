import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";

/** `GET /health`: 200 when storage answers, 503 otherwise, with the state of each dependency. */
export function healthRoutes(app: App, ctx: AppContext): void {
  app.get("/health", { config: { access: "public" }, schema: { tags: ["ops"], summary: "Health" } }, async (_request, reply) => {
    const started = Date.now();
    const storage = await ctx.db.pool
      .query("SELECT 1")
      .then(() => ({ status: "up", mode: ctx.db.mode, latency_ms: Date.now() - started }))
      .catch(() => ({ status: "down", mode: ctx.db.mode }));
    const healthy = storage.status === "up";
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? "healthy" : "unhealthy",
      version: ctx.version,
      roles: ctx.config.VIGIE_ROLES,
      dependencies: { storage, bus: { status: "up", mode: ctx.busMode } },
      ingest_queue_depth: ctx.writer.depth,
    });
  });
}
