import swagger, { type FastifyDynamicSwaggerOptions, type SwaggerTransform } from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyContextConfig, FastifyInstance, FastifySchema } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import type { Access } from "../access.ts";
import { routeAnswers, STATUS_MEANINGS } from "./answers.ts";

/** The contract's error body (CONTRACT §1), as JSON Schema: one shared schema the responses refer to. */
const ERROR_BODY = {
  $id: "Error",
  title: "Error",
  type: "object",
  required: ["error", "message"],
  properties: {
    error: { type: "string", description: "The error's name, e.g. ValidationError" },
    message: { type: "string" },
    details: {
      type: "array",
      items: {
        type: "object",
        required: ["field", "message", "type"],
        properties: {
          field: { type: "string" },
          message: { type: "string" },
          type: { type: "string" },
          position: { type: "integer" },
        },
      },
    },
    retry_after: { type: "integer", description: "Seconds to wait (429, 503)" },
  },
};

/** The AudioSOC v1 compatible API's refusals keep that API's `{error}` body. */
const AUDIOSOC_ERROR_BODY = {
  $id: "AudioSocError",
  title: "AudioSocError",
  type: "object",
  required: ["error"],
  properties: { error: { type: "string" } },
};

/** How each kind of access is proven, as OpenAPI security requirements (role names in 3.1 scopes). */
function securityOf(access: Access, tokenInQuery: boolean, openIngest: boolean): Record<string, string[]>[] {
  if (access === "public") return [];
  // VIGIE_INGEST_AUTH=open: a token is optional (`{}` = no requirement).
  if (access === "ingest")
    return [{ ingestToken: [] }, { ingestTokenHeader: [] }, ...(openIngest ? [{}] : [])];
  if (access === "metrics") return [{ metricsToken: [] }];
  return tokenInQuery ? [{ userToken: [access] }, { userTokenQuery: [access] }] : [{ userToken: [access] }];
}

/** `GET /api/v1/logs/:id` → `getV1LogsById`: stable, unique, readable in generated clients. */
function operationIdOf(method: string, url: string): string {
  const words = url
    .split("/")
    .filter((segment) => segment && segment !== "api")
    .flatMap((segment) => (segment.startsWith(":") ? ["by", segment.slice(1)] : [segment]))
    .flatMap((segment) => segment.split(/[-_.]/));
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join("");
}

type Responses = Record<string, Record<string, unknown>>;
type ConvertedSchema = FastifySchema & Record<string, unknown>;

/** Every status code the route answers (`routeAnswers`), each with its meaning and body. */
function responsesOf(method: string, url: string, config: FastifyContextConfig, schema: ConvertedSchema) {
  const produces = (schema.produces as string[] | undefined) ?? ["application/json"];
  const responses: Responses = { ...((schema.response as Responses | undefined) ?? {}) };
  const codes = routeAnswers({
    method,
    url,
    access: config.access ?? "public",
    rateLimitPolicy: config.rateLimitPolicy,
    audioSoc: config.audioSoc,
    answers: config.answers,
    described: Object.keys(responses),
  });
  const anyBody = { content: Object.fromEntries(produces.map((type) => [type, { schema: {} }])) };
  for (const code of codes) {
    const description = STATUS_MEANINGS[code] ?? String(code);
    const errorBody = code === 400 && config.audioSoc ? AUDIOSOC_ERROR_BODY : ERROR_BODY;
    const given = responses[code];
    if (given) responses[code] = { ...given, description: given.description ?? description };
    else if (code >= 400) responses[code] = { description, $ref: `${errorBody.$id}#` };
    else responses[code] = { description, ...anyBody };
  }
  return responses;
}

/**
 * The route's schema as the reference shows it: bodies from zod (`jsonSchemaTransform`), then
 * security from its access, and every status code it answers.
 */
const transformFor =
  (openIngest: boolean): SwaggerTransform =>
  (input) => {
    const { route } = input;
    const converted = jsonSchemaTransform({ ...input, schema: input.schema ?? {} }) as {
      schema: ConvertedSchema;
      url: string;
    };
    const { schema } = converted;
    const config = (route.config ?? {}) as FastifyContextConfig;
    if (schema.hide || !config.access) return converted;
    const method = [route.method].flat()[0] ?? "GET";
    return {
      url: converted.url,
      schema: {
        ...schema,
        operationId: (schema.operationId as string | undefined) ?? operationIdOf(method, route.url),
        security: securityOf(config.access, config.tokenInQuery === true, openIngest),
        response: responsesOf(method, route.url, config, schema),
      },
    };
  };

/** The reference's tags, in the order the browsable reference shows them. */
const TAGS = [
  { name: "auth", description: "Sign-in, registration, the signed-in user's profile" },
  {
    name: "logs",
    description: "Native ingest (single, batch, raw shipper documents), search, triage, export",
  },
  { name: "saved searches", description: "Each user's named Events searches, private or shared" },
  { name: "live", description: "Server-sent event streams of new events and alerts" },
  { name: "alerts", description: "Alerts raised by the rules, and their lifecycle" },
  { name: "rules", description: "Detection rules, Sigma import and export, placeholders" },
  { name: "threat intelligence", description: "Indicator lists events are matched against (import: admin)" },
  { name: "assets", description: "Hosts learnt from their events, and their criticality" },
  { name: "attack", description: "MITRE ATT&CK coverage of the rules, and its ATT&CK Navigator layer" },
  {
    name: "cases",
    description:
      "Cases (incidents): alerts, pinned events, notes, tasks and observables, with a timeline and a report",
  },
  { name: "dashboard", description: "Counters and charts" },
  { name: "sites", description: "The organisation's sites" },
  { name: "ingest tokens", description: "Tokens log sources send events with (admin)" },
  { name: "scenarios", description: "Attack playbooks replayed as events" },
  { name: "admin", description: "Users and roles (admin)" },
  { name: "audit", description: "The audit log of user actions (admin)" },
  { name: "AudioSOC v1", description: "The AudioSOC v1 compatible API (paths under /api/ without v1)" },
  { name: "ops", description: "Health and Prometheus metrics, on every node" },
];

const DESCRIPTION = `Vigie's HTTP API: the native v1 API (\`/api/v1/...\`) and the AudioSOC v1 compatible API (\`/api/...\`).

Errors share one body, \`{error, message, details?, retry_after?}\`, except the AudioSOC v1 compatible routes' \`400 {error}\`.
Each operation lists the codes it answers; in addition, any route answers \`404 Endpoint not found\` on a node whose
roles do not include it (\`VIGIE_ROLES\`), and an unknown method on a known path answers \`405\`.

Security: users send their session token (\`POST /api/v1/auth/login\`) as \`Authorization: Bearer\`; an operation's
role is the least role it needs (analyst < supervisor < admin). Log sources send an ingest token; Prometheus sends
\`VIGIE_METRICS_TOKEN\`.`;

/**
 * Serves the OpenAPI document (`/api/docs/json`) and its browsable reference (`/api/docs`): the
 * document's frame, the shared error bodies, and the per-route transform.
 */
export async function installOpenapi(app: FastifyInstance, version: string, ingestAuth: "token" | "open") {
  app.addSchema(ERROR_BODY);
  app.addSchema(AUDIOSOC_ERROR_BODY);
  await app.register(swagger, openapiOptions(version, ingestAuth));
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
}

function openapiOptions(version: string, ingestAuth: "token" | "open"): FastifyDynamicSwaggerOptions {
  return {
    // Shared schemas keep their $id as their name in components.schemas.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: "3.1.0",
      info: { title: "Vigie API", version, description: DESCRIPTION },
      servers: [{ url: "/", description: "This Vigie server" }],
      tags: TAGS,
      components: {
        securitySchemes: {
          userToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Session token" },
          userTokenQuery: {
            type: "apiKey",
            in: "query",
            name: "token",
            description: "Session token in the URL, for EventSource (SSE) only",
          },
          ingestToken: { type: "http", scheme: "bearer", description: "Ingest token (`vgi_…`)" },
          ingestTokenHeader: {
            type: "apiKey",
            in: "header",
            name: "X-Vigie-Token",
            description: "Ingest token",
          },
          metricsToken: { type: "http", scheme: "bearer", description: "VIGIE_METRICS_TOKEN" },
        },
      },
    },
    transform: transformFor(ingestAuth === "open"),
  };
}
