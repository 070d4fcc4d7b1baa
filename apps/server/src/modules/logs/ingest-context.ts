import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { IngestContext } from "../../ingest/sink.ts";

/**
 * The headers of every ingest route: an optional Idempotency-Key (printable ASCII, as RFC 9110 field
 * values and the IETF draft's UUIDs are). A retry with the same key stores nothing new (docs/adr/0011).
 */
export const IngestHeaders = z.looseObject({
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "1 to 255 printable ASCII characters")
    .optional()
    .describe(
      "Makes a retry safe: the same key within VIGIE_IDEMPOTENCY_WINDOW_HOURS (default 24) stores nothing new and gets the first answer",
    ),
});

/** The ingest routes' OpenAPI description of retries. */
export const IDEMPOTENCY_NOTE =
  "Each event may carry `event_id` (a string or number of yours): sent again within the idempotency window, it is not stored twice and its answer is the first one. The `Idempotency-Key` header does the same for a whole request (docs/OPERATIONS.md, Retrying ingest).";

/** The ingest routes' OpenAPI description of what is refused (the answer names the field and the value). */
export const INPUT_POLICY_NOTE =
  "Refused per event, naming the field and the value (docs/INGEST-POLICY.md): a `site_id` that is not a registered site (unless the server sets VIGIE_UNKNOWN_SITES=accept), a `source_ip` or `dest_ip` that is not an IP address, a `timestamp` older than the retention window (VIGIE_RETENTION_DAYS). A `message` or `raw_log` longer than 10,240 characters is stored cut, with `metadata.truncated: true`.";

/**
 * The pipeline context of an HTTP ingest request: a site-bound token forces its site; the ingest token
 * scopes the sender's `event_id`s and its Idempotency-Key.
 */
export function ingestContext(request: FastifyRequest, receiver: string): IngestContext {
  const key = request.headers["idempotency-key"];
  return {
    receiver,
    clientIp: request.ip,
    forcedSiteId: request.ingest?.siteId ?? null,
    idempotencyScope: request.ingest?.tokenId ?? "open",
    idempotencyKey: typeof key === "string" ? key : null,
  };
}
