import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { AppError } from "../../http/errors.ts";
import { consolePolicy, inlineScriptHashes } from "../../http/security-headers.ts";
import { serverPath } from "../../platform/paths.ts";

/** The built web app, unless VIGIE_WEB_DIR points elsewhere. */
export const DEFAULT_WEB_DIR = serverPath("../web/dist");

const API_PREFIXES = ["/api/", "/socket.io/", "/health", "/metrics"];

/** Vite names every file under /assets/ after a hash of its content: a new build means a new name. */
const HASHED_ASSETS = "/assets/";
const A_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Serves the web console at `/`; client routes fall back to index.html, API paths never do. Hashed
 * assets are cached for a year (immutable); index.html and any other file are revalidated each time,
 * so a new build reaches browsers at once. index.html carries the console's CSP, with the hashes of
 * its inline scripts read from the file at start.
 */
export async function webRoutes(app: App, ctx: AppContext): Promise<void> {
  const root = path.resolve(ctx.config.VIGIE_WEB_DIR ?? DEFAULT_WEB_DIR);
  const index = path.join(root, "index.html");
  if (!existsSync(index)) {
    ctx.logger.warn({ root }, "web app not built: the console is not served (run npm run build)");
    return;
  }
  const policy = consolePolicy(inlineScriptHashes(readFileSync(index, "utf8")));
  await app.register(async (scope) => {
    // serve: false — every file goes through the catch-all below, which declares its access like any route.
    await scope.register(fastifyStatic, { root, serve: false });
    scope.get("/*", { config: { access: "public" }, schema: { hide: true } }, async (request, reply) => {
      const url = request.url.split("?")[0] ?? "/";
      if (API_PREFIXES.some((p) => url.startsWith(p)))
        throw new AppError(404, "NotFound", "Endpoint not found");
      if (url.startsWith(HASHED_ASSETS))
        return reply.sendFile(url.slice(1), { maxAge: A_YEAR_MS, immutable: true });
      if (path.extname(url))
        return reply.header("Cache-Control", "no-cache").sendFile(url.slice(1), { cacheControl: false });
      return reply
        .header("Content-Security-Policy", policy)
        .header("Cache-Control", "no-cache")
        .sendFile("index.html", { cacheControl: false });
    });
  });
}
