import { SEVERITIES } from "@vigie/contracts";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { hasRole } from "../../config.ts";
import type { AppContext } from "../../container.ts";
import type { App } from "../app.ts";
import { SocketGateway } from "./socket-gateway.ts";
import type { SseChannel } from "./sse-channel.ts";
import { SseHub } from "./sse-hub.ts";

const StreamQuery = z.object({
  token: z.string().optional().describe("Access token, for EventSource which cannot send headers"),
  site_id: z.string().min(1).max(255).optional(),
  severity: z.enum(SEVERITIES).optional(),
});

/** The live services of this node, for metrics and health. */
export interface LiveServices {
  sse: SseHub;
  sockets: SocketGateway;
}

/**
 * Live updates on an `api` node: the SSE streams `/api/v1/logs/stream` and `/api/v1/alerts/stream`,
 * and Socket.IO on the same port. Both are closed before the server stops accepting.
 */
export function liveRoutes(app: App, ctx: AppContext): void {
  if (!hasRole(ctx.config, "api")) return;
  const live: LiveServices = { sse: new SseHub(ctx.bus), sockets: new SocketGateway(app.server, ctx) };
  app.decorate("live", live);
  ctx.metrics.statsGauge("vigie_live_clients", "Live clients connected to this node, by stream", () => ({
    sse_logs: live.sse.logs.size,
    sse_alerts: live.sse.alerts.size,
    socketio: live.sockets.size,
  }));
  app.addHook("preClose", async () => {
    live.sse.close();
    await live.sockets.close();
  });
  const stream = (path: string, channel: SseChannel, summary: string) =>
    app.get(
      path,
      {
        config: { access: "analyst", tokenInQuery: true },
        schema: { tags: ["live"], summary, querystring: StreamQuery, produces: ["text/event-stream"] },
      },
      (request, reply) => {
        reply.hijack();
        const { site_id, severity } = request.query;
        channel.open(reply.raw, { site_id, severity }, request.user!.id, lastEventId(request));
      },
    );
  stream("/api/v1/logs/stream", live.sse.logs, "Live events (SSE `event: log`; Last-Event-ID resumes)");
  stream("/api/v1/alerts/stream", live.sse.alerts, "Live alerts (SSE `event: alert`; Last-Event-ID resumes)");
}

declare module "fastify" {
  interface FastifyInstance {
    /** Present on nodes with the `api` role. */
    live?: LiveServices;
  }
}

function lastEventId(request: FastifyRequest): string | null {
  const value = request.headers["last-event-id"];
  return typeof value === "string" && value ? value.slice(0, 200) : null;
}
