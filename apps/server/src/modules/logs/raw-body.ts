import { PassThrough, type Transform } from "node:stream";
import { createGunzip, createInflate } from "node:zlib";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { errors } from "../../http/errors.ts";
import { UnreadableDocument } from "../../ingest/formats/index.ts";
import { parsedFrom } from "../../platform/db/pg-json.ts";

/** Longest document (one NDJSON line or one array element's source) the raw endpoint reads. */
export const MAX_DOCUMENT_CHARS = 1024 * 1024;
/** Most documents in one request, like the batch endpoint. */
export const MAX_DOCUMENTS = 10_000;

/** The NDJSON media types shippers send (Fluent Bit `json_lines`, Vector, Logstash `json_lines`…). */
export const NDJSON_TYPES = ["application/x-ndjson", "application/jsonl", "application/json-lines"];

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
};

/**
 * Accepts `Content-Encoding: gzip` (or deflate) on this scope's routes. The body limit then applies to the
 * decompressed bytes, so a compression bomb stops at the limit with 413; the compressed length still
 * checks `Content-Length`.
 */
export function acceptCompressedBodies(scope: FastifyInstance): void {
  scope.addHook("preParsing", async (request, _reply, payload) => {
    const encoding = String(request.headers["content-encoding"] ?? "identity")
      .toLowerCase()
      .trim();
    if (encoding === "identity") return payload;
    const decoder = DECODERS[encoding]?.();
    if (!decoder) throw new UnsupportedEncoding(encoding);
    // What fastify compares with Content-Length: the compressed bytes received, not the decompressed ones.
    const body = new PassThrough() as PassThrough & { receivedEncodedLength: number };
    body.receivedEncodedLength = 0;
    payload.on("data", (chunk: Buffer) => {
      body.receivedEncodedLength += chunk.length;
    });
    // A corrupt stream is the client's fault: 422 naming it, not the framework's bare 400.
    decoder.on("error", (error: Error) =>
      body.destroy(
        errors.validation(`Body is not valid ${encoding}`, [
          { field: "body", message: error.message, type: "encoding" },
        ]),
      ),
    );
    return payload.pipe(decoder).pipe(body);
  });
}

class UnsupportedEncoding extends Error {
  readonly statusCode = 415;
  constructor(encoding: string) {
    super(`Content-Encoding ${encoding} is not supported (use gzip or deflate)`);
  }
}

/** Keeps NDJSON bodies as text: each line is parsed on its own, so one bad line refuses only itself. */
export function acceptNdjson(scope: FastifyInstance): void {
  scope.addContentTypeParser(NDJSON_TYPES, { parseAs: "string" }, (_request, body, done) => done(null, body));
}

function parseLine(line: string): unknown {
  if (line.length > MAX_DOCUMENT_CHARS) {
    return new UnreadableDocument(
      `document: longer than ${MAX_DOCUMENT_CHARS} characters`,
      line.slice(0, 1024),
    );
  }
  try {
    const document: unknown = JSON.parse(line);
    // An object is stored as its line (`raw`): no serialising it again, and exactly what was sent.
    return typeof document === "object" && document !== null ? parsedFrom(document, line) : document;
  } catch (error) {
    return new UnreadableDocument(`document: not JSON (${(error as Error).message})`, line.slice(0, 1024));
  }
}

/** The documents of a request: NDJSON lines, a JSON array's elements, or one JSON document. */
export function documentsOf(request: FastifyRequest): unknown[] {
  const body = request.body;
  const documents =
    typeof body === "string" && isNdjson(request)
      ? body
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line !== "")
          .map(parseLine)
      : Array.isArray(body)
        ? body
        : body === undefined || body === null
          ? []
          : [body];
  if (!documents.length)
    throw errors.validation("No documents in the body", [{ field: "body", message: "empty", type: "empty" }]);
  if (documents.length > MAX_DOCUMENTS)
    throw errors.tooLarge(`At most ${MAX_DOCUMENTS} documents per request`);
  return documents;
}

const isNdjson = (request: FastifyRequest): boolean =>
  NDJSON_TYPES.some((type) =>
    String(request.headers["content-type"] ?? "")
      .toLowerCase()
      .startsWith(type),
  );
