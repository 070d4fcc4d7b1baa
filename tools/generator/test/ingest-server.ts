import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the local ingest server received it. */
export interface ReceivedRequest {
  url: string;
  authorization: string | undefined;
  events: Record<string, unknown>[];
}

/** How the server answers the n-th request (0-based): status, headers and JSON body. */
export type Responder = (
  n: number,
  request: ReceivedRequest,
) => {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
};

/** The answer of a healthy Vigie: every event created. */
export const acceptAll: Responder = (_n, request) => ({
  status: 201,
  body: { created: request.events.length, errors: [] },
});

/** A real `node:http` server on a free port that records batches and answers as `respond` says. */
export async function startIngestServer(respond: Responder = acceptAll) {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as {
        events?: ReceivedRequest["events"];
      };
      const request = {
        url: req.url ?? "",
        authorization: req.headers.authorization,
        events: body.events ?? [],
      };
      const answer = respond(requests.length, request);
      requests.push(request);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
