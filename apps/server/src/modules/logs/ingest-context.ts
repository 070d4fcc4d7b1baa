import type { FastifyRequest } from "fastify";
import type { IngestContext } from "../../ingest/sink.ts";

/** The pipeline context of an HTTP ingest request: a site-bound token forces its site. */
export function ingestContext(request: FastifyRequest, receiver: string): IngestContext {
  return { receiver, clientIp: request.ip, forcedSiteId: request.ingest?.siteId ?? null };
}
