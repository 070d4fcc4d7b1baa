import { randomUUID } from "node:crypto";
import { ADMIN, INGEST_TOKEN } from "../../support/app.ts";

/** How one request ended: its status (0 when no answer came), Retry-After, and the ids it stored. */
export interface Outcome {
  status: number;
  retryAfter: string | null;
  ids: string[];
}

/** Posts a batch to the native API; never throws (a refused connection is status 0). */
export async function ingestBatch(baseUrl: string, events: object[], timeoutMs = 15_000): Promise<Outcome> {
  try {
    const res = await fetch(`${baseUrl}/api/v1/logs/ingest/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { ids?: string[] };
    return { status: res.status, retryAfter: res.headers.get("retry-after"), ids: body.ids ?? [] };
  } catch {
    return { status: 0, retryAfter: null, ids: [] };
  }
}

/** Signs the first admin in and returns the access token (throws unless 200). */
export async function loginAdmin(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** One event that the default rule "Malware Detected" turns into an alert grouped by its unique hostname. */
export function malwareEvent(hostname = `probe-${randomUUID()}`): Record<string, unknown> {
  return { source_type: "endpoint", event_type: "malware_detected", hostname, site_id: "AUDIO_001" };
}

/** `count` ordinary events (no default rule fires on them), enough for the COPY path at 32 or more. */
export function plainEvents(count: number, tag: string): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    source_type: "proxy",
    event_type: "http_request",
    site_id: "AUDIO_002",
    hostname: `load-${tag}-${i}`,
    message: `load ${tag} #${i}`,
  }));
}

/** Senders posting batches in a loop until stopped; every outcome is kept. */
export interface Load {
  outcomes: Outcome[];
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<Outcome[]>;
}

/** Starts `senders` concurrent loops posting batches of `batchSize` plain events to the nodes in turn. */
export function startLoad(baseUrls: string[], senders = 4, batchSize = 50): Load {
  const outcomes: Outcome[] = [];
  let running = true;
  let batch = 0;
  const loop = async (sender: number) => {
    while (running) {
      const target = baseUrls[(sender + batch) % baseUrls.length]!;
      const outcome = await ingestBatch(target, plainEvents(batchSize, `${sender}-${batch++}`));
      outcomes.push(outcome);
      // A refused request is retried after its Retry-After in a real shipper; here a short pause.
      if (outcome.status !== 201) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const loops = Array.from({ length: senders }, (_, sender) => loop(sender));
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}
