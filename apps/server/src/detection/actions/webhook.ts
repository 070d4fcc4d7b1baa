import { createHmac } from "node:crypto";
import { type ActionHandler, PermanentActionError } from "./types.ts";

const TIMEOUT_MS = 10_000;
/** Client errors worth retrying: the receiver may accept the same request later. */
const RETRYABLE_CLIENT_ERRORS = new Set([408, 425, 429]);

const RESERVED_HEADERS = new Set(["content-type", "content-length", "x-vigie-signature", "x-vigie-event"]);

/** `sha256=<hex HMAC-SHA256 of the exact body>` with the webhook's secret. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POSTs the alert as JSON to `config.url` with the configured headers, signed in `X-Vigie-Signature`
 * when a secret is set; any non-2xx answer or a 10 s timeout fails the attempt.
 */
export const webhookAction: ActionHandler = async (alert, config) => {
  const url = String(config.url ?? "");
  const secret = typeof config.secret === "string" ? config.secret : undefined;
  const body = JSON.stringify(alert);
  const custom = Object.entries((config.headers as Record<string, string> | undefined) ?? {});
  const headers: Record<string, string> = {
    // The body's type and signature are ours: a configured header cannot replace them.
    ...Object.fromEntries(custom.filter(([name]) => !RESERVED_HEADERS.has(name.toLowerCase()))),
    "content-type": "application/json",
    "user-agent": "Vigie-Webhook/1",
    "x-vigie-event": "alert",
    ...(secret ? { "x-vigie-signature": signatureOf(body, secret) } : {}),
  };
  const response = await fetch(url, {
    method: "POST",
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (response.ok) return;
  const failure = `the receiver answered HTTP ${response.status}`;
  const permanent =
    response.status >= 300 && response.status < 500 && !RETRYABLE_CLIENT_ERRORS.has(response.status);
  throw permanent ? new PermanentActionError(failure) : new Error(failure);
};
