import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";

/** A storage check that takes longer than this reports storage down (a hung server must not hang /health). */
const STORAGE_TIMEOUT_MS = 2_000;

/** `SELECT 1`, timed and bounded. */
async function storageHealth(ctx: AppContext) {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), STORAGE_TIMEOUT_MS);
  });
  const answered = await Promise.race([
    ctx.db.pool.query("SELECT 1").then(
      () => true,
      () => false,
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  return answered
    ? { status: "up", mode: ctx.db.mode, latency_ms: Date.now() - started }
    : { status: "down", mode: ctx.db.mode };
}

/**
 * `GET /health`: 200 when storage answers, 503 otherwise, with the state of each dependency. A bus that
 * is down (Redis unreachable) makes the node `degraded` but still 200: it stores what it ingests, and
 * every node shares the same Redis, so taking them all out of the load balancer would not help.
 */
export function healthRoutes(app: App, ctx: AppContext): void {
  app.get(
    "/health",
    { config: { access: "public" }, schema: { tags: ["ops"], summary: "Health" } },
    async (_request, reply) => {
      const [storage, bus] = await Promise.all([storageHealth(ctx), ctx.bus.health()]);
      const healthy = storage.status === "up";
      return reply.code(healthy ? 200 : 503).send({
        status: !healthy ? "unhealthy" : bus.status === "up" ? "healthy" : "degraded",
        version: ctx.version,
        roles: ctx.config.VIGIE_ROLES,
        dependencies: { storage, bus: { ...bus, mode: ctx.busMode } },
        ingest_queue_depth: ctx.writer.depth,
      });
    },
  );
}
