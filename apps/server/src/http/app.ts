import type { IncomingMessage, ServerResponse } from "node:http";
import fastifyCompress from "@fastify/compress";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
} from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppContext } from "../container.ts";
import { installAccessControl } from "./access.ts";
import { installErrorHandling } from "./errors.ts";
import { installInputLimits } from "./input-limits.ts";
import { installOpenapi } from "./openapi/document.ts";
import { installRateLimits } from "./rate-limit.ts";
import { installRoleGate } from "./role-gate.ts";
import { RouteIndex } from "./route-index.ts";
import { routeModules } from "./routes.ts";
import { installSecurityHeaders } from "./security-headers.ts";

/** The fastify instance with zod typing. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Largest request body (a 10,000-event batch fits). */
export const BODY_LIMIT = 10 * 1024 * 1024;

/** Builds the HTTP application: error handling, access control, OpenAPI, then every route module. */
export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxySetting(ctx.config.VIGIE_TRUST_PROXY),
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routeIndex = new RouteIndex();
  routeIndex.attach(app);
  installErrorHandling(app, routeIndex);
  installSecurityHeaders(app);
  installRoleGate(app, ctx.config);
  installAccessControl(app, {
    authenticateUser: (token) => ctx.auth.authenticate(token),
    authenticateIngest: (token) => ctx.ingestTokens.authenticate(token),
    ingestAuth: ctx.config.VIGIE_INGEST_AUTH,
    metricsToken: ctx.config.VIGIE_METRICS_TOKEN,
  });
  // After access control: an anonymous caller learns nothing about input rules before a 401.
  installInputLimits(app);
  await installRateLimits(
    app,
    ctx.rateLimits,
    { authPerMinute: ctx.config.VIGIE_RATE_LIMIT_AUTH, apiPerMinute: ctx.config.VIGIE_RATE_LIMIT_API },
    ctx.logger,
  );
  // Every answer over 1 KB is compressed (a page of 100 events: 160 KB → about 15 KB). SSE hijacks its
  // reply and is never compressed; request bodies are read by their routes (gzip ingest included).
  await app.register(fastifyCompress, { global: true, globalDecompression: false, threshold: 1024 });
  await installOpenapi(app, ctx.version, ctx.config.VIGIE_INGEST_AUTH);
  for (const register of routeModules) await register(app, ctx);
  return app;
}

// VIGIE_TRUST_PROXY: "false" (default: never read X-Forwarded-For), "true", a hop count, or CIDRs.
function trustProxySetting(value: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === "true" || value === "false") return value === "true";
  if (/^\d+$/.test(value)) return (_address, hop) => hop < Number(value);
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}
