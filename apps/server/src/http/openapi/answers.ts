import { ROLES } from "@vigie/contracts";
import type { Access } from "../access.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * Status codes this route answers beyond those derived from its other declarations (access, rate
     * limit, body, path parameters: `routeAnswers`), e.g. `[201, 409]`. The API reference lists them,
     * and the test apps fail a test that sees a code its route does not list (docs/adr/0022).
     */
    answers?: readonly number[];
  }
}

/** The route facts the answers are derived from (a fastify route's options). */
export interface AnswerFacts {
  method: string;
  url: string;
  access: Access;
  rateLimitPolicy?: string;
  audioSoc?: boolean;
  answers?: readonly number[];
  /** Status codes the route's `schema.response` already describes. */
  described?: readonly string[];
}

/** What each status code means in Vigie, for the API reference (CONTRACT §1). */
export const STATUS_MEANINGS: Record<number, string> = {
  200: "OK",
  201: "Created",
  207: "Some items stored, others refused: `errors` names each refused item by index",
  400: "Bad request (AudioSOC v1 compatible API: `{error}` naming what is wrong)",
  401: "AuthenticationError: missing, invalid or expired credentials",
  403: "ForbiddenError: the credentials are valid but not allowed to do this",
  404: "NotFound: no such resource (or, on /metrics, VIGIE_METRICS_TOKEN unset)",
  409: "ConflictError: the change conflicts with the current state (a taken name, a finished run…)",
  413: "PayloadTooLarge: the body (10 MiB), a string in it, or a batch is over its limit",
  415: "UnsupportedMediaType: the Content-Type (or Content-Encoding) is not one this route reads",
  422: "ValidationError: `details` names each field that is wrong",
  429: "RateLimitExceeded: retry after `retry_after` seconds (also in `Retry-After`)",
  503: "ServiceUnavailable: storage unreachable or ingest queue full; retry after `Retry-After` seconds",
};

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const LOWEST_ROLE = ROLES[0];

/** Codes every route of this access can answer before its handler runs. */
function accessAnswers(access: Access): number[] {
  if (access === "public") return [];
  if (access === "ingest") return [401];
  if (access === "metrics") return [401, 404];
  return access === LOWEST_ROLE ? [401] : [401, 403];
}

/**
 * Every status code a route answers: its success code (200 unless it declares another), what it
 * declares (`answers`, `schema.response`), and what Vigie's shared machinery answers for it — access
 * (401/403), input (422 for a query, path or URL that is wrong; 400 instead on the AudioSOC v1
 * compatible routes; 413/415 where a body is read), a path parameter (404), a rate limit (429), and
 * storage (503, every route).
 */
export function routeAnswers(route: AnswerFacts): number[] {
  const codes = new Set<number>([...(route.answers ?? []), ...(route.described ?? []).map(Number)]);
  if (![...codes].some((code) => code < 300)) codes.add(200);
  for (const code of accessAnswers(route.access)) codes.add(code);
  codes.add(route.audioSoc ? 400 : 422);
  if (BODY_METHODS.has(route.method)) for (const code of [413, 415]) codes.add(code);
  if (route.url.includes("/:")) codes.add(404);
  if (route.rateLimitPolicy && route.rateLimitPolicy !== "none") codes.add(429);
  codes.add(503);
  return [...codes].sort((a, b) => a - b);
}
