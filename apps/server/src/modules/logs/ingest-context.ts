import type { FastifyRequest } from "fastify";
import { errors } from "../../http/errors.ts";
import type { IngestContext } from "../../ingest/sink.ts";

// Printable ASCII, as RFC 9110 field values and the IETF Idempotency-Key draft's UUIDs need.
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The pipeline context of an HTTP ingest request: a site-bound token forces its site; the ingest token
 * scopes the sender's `event_id`s and its `Idempotency-Key` (docs/adr/0011).
 */
export function ingestContext(request: FastifyRequest, receiver: string): IngestContext {
  return {
    receiver,
    clientIp: request.ip,
    forcedSiteId: request.ingest?.siteId ?? null,
    idempotencyScope: request.ingest?.tokenId ?? "open",
    idempotencyKey: idempotencyKey(request),
  };
}

function idempotencyKey(request: FastifyRequest): string | null {
  const value = request.headers["idempotency-key"];
  if (value === undefined) return null;
  if (typeof value !== "string" || !KEY.test(value)) {
    throw errors.validation("Invalid Idempotency-Key header", [
      { field: "headers.idempotency-key", message: "1 to 255 printable ASCII characters", type: "format" },
    ]);
  }
  return value;
}
