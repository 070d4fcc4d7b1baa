import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ZodError } from "zod";
import { isQueryTimeout, isStorageUnavailable } from "../platform/db/pg-errors.ts";
import type { RouteIndex } from "./route-index.ts";

/** One field problem of a ValidationError (CONTRACT §1). */
export interface ErrorDetail {
  field: string;
  message: string;
  type: string;
  /** 0-based position in the field's text (a search query's syntax error). */
  position?: number;
}

/** The one error type of the application: carries the contract's error name, status and details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Builders for the contract's error names, so call sites never spell a status code. */
export const errors = {
  validation: (message: string, details: ErrorDetail[] = []) =>
    new AppError(422, "ValidationError", message, details),
  unauthenticated: (message = "Authentication required") => new AppError(401, "AuthenticationError", message),
  forbidden: (message = "You do not have permission to do this") =>
    new AppError(403, "ForbiddenError", message),
  notFound: (what = "Resource") => new AppError(404, "NotFound", `${what} not found`),
  conflict: (message: string) => new AppError(409, "ConflictError", message),
  tooLarge: (message = "Request body is too large", details: ErrorDetail[] = []) =>
    new AppError(413, "PayloadTooLarge", message, details),
  rateLimited: (retryAfter: number) =>
    new AppError(429, "RateLimitExceeded", "Too many requests, slow down", undefined, retryAfter),
  unavailable: (message = "Service temporarily unavailable", retryAfter = 5) =>
    new AppError(503, "ServiceUnavailable", message, undefined, retryAfter),
  /** The AudioSOC v1 API's documented 400 responses keep their status and bare `{error}` message. */
  audioSocBadRequest: (message: string) => new AppError(400, "BadRequest", message),
};

/** Converts zod issues to the contract's `details`. */
export function zodDetails(error: Pick<ZodError, "issues">, prefix: string[] = []): ErrorDetail[] {
  return error.issues.map((issue) => ({
    field: [...prefix, ...issue.path.map(String)].join(".") || "body",
    message: issue.message,
    type: issue.code,
  }));
}

// PostgreSQL's "data exception" class (invalid text, NUL, out-of-range numbers and dates).
const isDataError = (error: unknown) =>
  (error as { code?: unknown }).code?.toString().startsWith("22") === true &&
  typeof (error as { severity?: unknown }).severity === "string";

/** Maps framework errors (bad JSON, body too large, schema validation) onto the contract's errors. */
function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (isStorageUnavailable(error)) return errors.unavailable("Storage is unavailable, retry shortly");
  if (isQueryTimeout(error))
    return errors.unavailable(
      "The query took too long and was stopped: narrow the time range or the filters",
    );
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? "body";
    const details = error.validation.map((v) => {
      const path = v.instancePath.split("/").filter(Boolean);
      return {
        field: [where === "body" ? null : where, ...path].filter(Boolean).join(".") || where,
        message: v.message ?? "invalid",
        type: v.keyword,
      };
    });
    return errors.validation("Request validation failed", details);
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return errors.tooLarge();
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError(415, "UnsupportedMediaType", "Content-Type must be application/json");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return errors.validation("Malformed JSON body", [
        { field: "body", message: error.message, type: "json" },
      ]);
  }
  if (isDataError(error)) {
    // A value the database refused (bad text, out of range) that a schema let through: the request's fault.
    return errors.validation("A value of the request is not valid", [
      { field: "request", message: "a value is malformed or out of range", type: "value" },
    ]);
  }
  if (error.statusCode === 400 && error instanceof SyntaxError) {
    return errors.validation("Malformed JSON body", [
      { field: "body", message: error.message, type: "json" },
    ]);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError(error.statusCode, "BadRequest", error.message);
  }
  return new AppError(500, "InternalServerError", "An unexpected error occurred");
}

/** Serialises an AppError into the contract's body (AudioSOC v1 400s keep their bare `{error}` shape). */
export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.retryAfter !== undefined) reply.header("Retry-After", String(error.retryAfter));
  // The AudioSOC v1 API's clients expect its documented 400 `{error}` for every refused request body.
  if ((error.status === 400 || error.status === 422) && reply.request.routeOptions.config.audioSoc) {
    const first = error.details?.[0];
    return reply
      .code(400)
      .send({ error: first ? `${error.message}: ${first.field}: ${first.message}` : error.message });
  }
  return reply.code(error.status).send({
    error: error.errorName,
    message: error.message,
    ...(error.details?.length ? { details: error.details } : {}),
    ...(error.retryAfter !== undefined ? { retry_after: error.retryAfter } : {}),
  });
}

/** Installs the single error handler and the JSON 404 / 405 answers. */
export function installErrorHandling(app: FastifyInstance, routeIndex: RouteIndex): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let appError: AppError;
    try {
      appError = toAppError(error);
    } catch {
      appError = new AppError(500, "InternalServerError", "An unexpected error occurred");
    }
    // A storage outage refuses every request for a while: one warning each, not an error with its stack.
    if (appError.status === 503) request.log.warn({ err: error }, "request refused: service unavailable");
    else if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    // A schema that let a malformed value reach the database is a gap to close: say where it was.
    else if (isDataError(error))
      request.log.warn({ route: request.routeOptions.url }, "value refused by the database");
    return sendError(reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    const methods = routeIndex.methodsFor(request.url);
    if (methods.length) {
      reply.header("Allow", methods.join(", "));
      return sendError(reply, new AppError(405, "MethodNotAllowed", `Method ${request.method} not allowed`));
    }
    return sendError(reply, new AppError(404, "NotFound", "Endpoint not found"));
  });
}
