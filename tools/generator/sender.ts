import { setTimeout as delay } from "node:timers/promises";

/** The native batch ingest path (CONTRACT §4.1). */
export const BATCH_PATH = "/api/v1/logs/ingest/batch";
/** The raw shipper path (docs/WINDOWS.md): NDJSON documents as shippers send them. */
export const RAW_PATH = "/api/v1/logs/ingest/raw";
const RETRYABLE = new Set([429, 502, 503, 504]);
/** Refusals no retry will fix: bad token, wrong URL, oversized batch. */
const FATAL_HINTS: Readonly<Record<number, string>> = {
  401: "the ingest token was refused: check --token",
  403: "the ingest token may not write here: check --token and its site",
  404: "no ingest endpoint at this address: check --url",
  413: "the batch is too large for the server: lower --batch-size",
};

/** Stops the generator: retrying cannot help. */
export class FatalSendError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "FatalSendError";
  }
}

/** What became of one batch. */
export interface BatchResult {
  created: number;
  /** Events the server refused one by one (its `errors`), or the whole batch on 400/422. */
  rejected: number;
  /** Events never accepted: retries exhausted or a server error. */
  failed: number;
  retries: number;
  /** A sample of the server's error texts, for the progress line. */
  errors: string[];
}

/** How the sender reaches the server and how patient it is. */
export interface SenderOptions {
  url: string;
  token: string;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
  signal?: AbortSignal;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  onRetry?: (reason: string, waitMs: number) => void;
  /** Send to the raw endpoint as NDJSON instead of the batch endpoint's `{events}`. */
  raw?: boolean;
}

type Attempt =
  | { kind: "done"; result: Omit<BatchResult, "retries"> }
  | { kind: "retry"; reason: string; retryAfterMs: number | null };

/** Milliseconds asked by a `Retry-After` header (seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function acceptedBatch(body: unknown, size: number): Omit<BatchResult, "retries"> {
  const { created, errors } = (body ?? {}) as { created?: unknown; errors?: unknown };
  const errorList = Array.isArray(errors) ? errors : [];
  const texts = errorList
    .slice(0, 3)
    .map((e) => String((e as { error?: unknown })?.error ?? JSON.stringify(e)));
  const count =
    typeof created === "number" ? created : Array.isArray(created) ? created.length : size - errorList.length;
  return { created: count, rejected: errorList.length, failed: 0, errors: texts };
}

async function interpret(response: Response, size: number): Promise<Attempt> {
  const body: unknown = await response.json().catch(() => null);
  const message = (body as { message?: string } | null)?.message ?? response.statusText;
  if (response.ok) return { kind: "done", result: acceptedBatch(body, size) };
  const hint = FATAL_HINTS[response.status];
  if (hint) throw new FatalSendError(response.status, `HTTP ${response.status} (${message}): ${hint}`);
  if (RETRYABLE.has(response.status)) {
    return {
      kind: "retry",
      reason: `HTTP ${response.status}`,
      retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
    };
  }
  const whole = response.status === 400 || response.status === 422;
  const result = {
    created: 0,
    rejected: whole ? size : 0,
    failed: whole ? 0 : size,
    errors: [`HTTP ${response.status}: ${message}`],
  };
  return { kind: "done", result };
}

/** A function that sends one batch (with an optional query, e.g. `?site_id=`), retrying 429/502/503/504 and network errors with exponential backoff. */
export function createSender(
  options: SenderOptions,
): (events: readonly unknown[], query?: string) => Promise<BatchResult> {
  const { url, token, fetch: fetchFn = fetch, sleep = delay, signal } = options;
  const { maxAttempts = 8, baseDelayMs = 500, maxDelayMs = 30_000, timeoutMs = 30_000 } = options;
  const attempt = async (events: readonly unknown[], query: string): Promise<Attempt> => {
    try {
      const response = await fetchFn(`${url}${options.raw ? RAW_PATH : BATCH_PATH}${query}`, {
        method: "POST",
        headers: {
          "content-type": options.raw ? "application/x-ndjson" : "application/json",
          authorization: `Bearer ${token}`,
        },
        body: options.raw ? events.map((e) => JSON.stringify(e)).join("\n") : JSON.stringify({ events }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return await interpret(response, events.length);
    } catch (error) {
      if (error instanceof FatalSendError) throw error;
      return { kind: "retry", reason: `network error: ${(error as Error).message}`, retryAfterMs: null };
    }
  };
  return async (events, query = "") => {
    for (let retries = 0; ; retries++) {
      const outcome = await attempt(events, query);
      if (outcome.kind === "done") return { ...outcome.result, retries };
      if (retries + 1 >= maxAttempts || signal?.aborted) {
        return {
          created: 0,
          rejected: 0,
          failed: events.length,
          retries,
          errors: [`gave up: ${outcome.reason}`],
        };
      }
      const backoff = baseDelayMs * 2 ** retries * (0.75 + Math.random() * 0.5);
      const waitMs = Math.min(maxDelayMs, outcome.retryAfterMs ?? backoff);
      options.onRetry?.(outcome.reason, waitMs);
      await sleep(waitMs, signal).catch(() => undefined);
    }
  };
}
