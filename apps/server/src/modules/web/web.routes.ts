import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { AppError } from "../../http/errors.ts";
import { serverPath } from "../../platform/paths.ts";

/** The built web app, unless VIGIE_WEB_DIR points elsewhere. */
export const DEFAULT_WEB_DIR = serverPath("../web/dist");

const API_PREFIXES = ["/api/", "/socket.io/", "/health", "/metrics"];

/** Serves the web console at `/`; client routes fall back to index.html, API paths never do. */
export async function webRoutes(app: App, ctx: AppContext): Promise<void> {
  const root = path.resolve(ctx.config.VIGIE_WEB_DIR ?? DEFAULT_WEB_DIR);
  if (!existsSync(path.join(root, "index.html"))) {
    ctx.logger.warn({ root }, "web app not built: the console is not served (run npm run build)");
    return;
  }
  await app.register(async (scope) => {
    // serve: false — every file goes through the catch-all below, which declares its access like any route.
    await scope.register(fastifyStatic, { root, serve: false, maxAge: "1h", immutable: true });
    scope.get("/*", { config: { access: "public" }, schema: { hide: true } }, async (request, reply) => {
      const url = request.url.split("?")[0] ?? "/";
      if (API_PREFIXES.some((p) => url.startsWith(p)))
        throw new AppError(404, "NotFound", "Endpoint not found");
      if (path.extname(url)) return reply.sendFile(url.slice(1));
      return reply.header("Cache-Control", "no-cache").sendFile("index.html", { cacheControl: false });
    });
  });
}
