import type { FastifyInstance, FastifyRequest } from "fastify";
import { type AppError, type ErrorDetail, errors } from "./errors.ts";

/**
 * What one JSON body may hold, whatever the route: a body past these limits is refused before any
 * handler, schema or database sees it, so no single body can exhaust a stack, a CPU or a connection
 * that other requests share (docs/adr/0011).
 */
export const JSON_LIMITS = {
  /** Nesting of objects and arrays; real shippers stay under 20. */
  maxDepth: 64,
  /** Keys of one object. */
  maxKeys: 10_000,
  /** UTF-16 code units of one string or key (the 10 MB body limit bounds the sum). */
  maxStringLength: 1_048_576,
} as const;

// How much of a too-deep path an error names: enough to find it, not 64 segments.
const SHOWN_SEGMENTS = 8;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string;
}

/** The dotted path of a frame, cut to its first segments. */
function pathOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) keys.push(f.key);
  keys.reverse();
  const shown = keys.slice(0, SHOWN_SEGMENTS).join(".");
  return (keys.length > SHOWN_SEGMENTS ? `${shown}…` : shown) || "body";
}

function refusal(frame: Frame, type: string, message: string): AppError {
  const detail: ErrorDetail = { field: pathOf(frame), message, type };
  return type === "string_length"
    ? errors.tooLarge("A string in the request body is too long", [detail])
    : errors.validation("Request body exceeds a limit", [detail]);
}

function checkText(text: string, frame: Frame, allowNul: boolean): AppError | null {
  if (text.length > JSON_LIMITS.maxStringLength) {
    return refusal(frame, "string_length", `at most ${JSON_LIMITS.maxStringLength} characters`);
  }
  if (!allowNul && text.includes("\u0000")) return refusal(frame, "nul", "must not contain NUL characters");
  return null;
}

/**
 * Walks a parsed body without recursion (a hostile body must not overflow the stack here either) and
 * returns the first limit it breaks, or null.
 */
export function checkJsonLimits(body: unknown, allowNul: boolean): AppError | null {
  const stack: Frame[] = [{ value: body, depth: 0, parent: null, key: "" }];
  while (stack.length) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (typeof value === "string") {
      const problem = checkText(value, frame, allowNul);
      if (problem) return problem;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= JSON_LIMITS.maxDepth) {
      return refusal(frame, "depth", `nested more than ${JSON_LIMITS.maxDepth} levels deep`);
    }
    const keys = Object.keys(value);
    if (keys.length > JSON_LIMITS.maxKeys && !Array.isArray(value)) {
      return refusal(frame, "keys", `at most ${JSON_LIMITS.maxKeys} keys per object`);
    }
    for (const key of keys) {
      const child: Frame = {
        value: (value as Record<string, unknown>)[key],
        depth: depth + 1,
        parent: frame,
        key,
      };
      const problem = Array.isArray(value) ? null : checkText(key, child, allowNul);
      if (problem) return problem;
      stack.push(child);
    }
  }
  return null;
}

// Ingest routes take NUL characters: the pipeline cleans every stored text itself (CONTRACT §3) and
// keeps the record. Every other route stores or queries what it gets, and PostgreSQL text refuses NUL.
const cleansText = (request: FastifyRequest) => request.routeOptions.config.access === "ingest";

// `%00` anywhere in a path or query string decodes to NUL, which no route accepts.
const hasNul = (url: string) => url.includes("\u0000") || /%00/.test(url);

/**
 * Installs the JSON limits as the one JSON body parser of every route (fastify's own parser, with its
 * prototype-poisoning protection, then the walk above) and refuses NUL characters in every URL.
 */
export function installInputLimits(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, text, done) => {
    parseJson(request, text as string, (error, body) => {
      if (error) return done(error, undefined);
      const problem = checkJsonLimits(body, cleansText(request));
      return problem ? done(problem, undefined) : done(null, body);
    });
  });
  app.addHook("onRequest", async (request) => {
    if (hasNul(request.url)) {
      throw errors.validation("The URL contains a NUL character", [
        { field: "url", message: "must not contain NUL characters", type: "nul" },
      ]);
    }
  });
}
