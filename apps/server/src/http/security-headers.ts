import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";

/**
 * Headers every answer carries, whatever served it: no MIME sniffing, never framed, no referrer sent
 * to other sites (URLs can hold search queries and ids).
 */
const EVERY_ANSWER = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
} as const;

/** What a data answer (JSON, CSV, Prometheus text, an event stream) may do if a browser renders it: nothing. */
const DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers of API answers: never stored by a browser or a proxy (they hold events, alerts, tokens). */
export const API_HEADERS = {
  ...EVERY_ANSWER,
  "content-security-policy": DATA_POLICY,
  "cache-control": "no-store",
} as const;

/** Directives every HTML document of Vigie shares; each page adds its own `script-src` and `style-src`. */
const DOCUMENT_DIRECTIVES = [
  "default-src 'self'",
  // The console's favicon and ECharts' exports are data: URLs.
  "img-src 'self' data:",
  "font-src 'self'",
  // The API and its SSE streams; 'self' would also cover same-origin ws:/wss: (CSP 3).
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The SHA-256 source expression of an inline script or style, as CSP spells it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The `'sha256-…'` expressions of the inline `<script>` elements (without `src`) of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attributes = ""]) => !/\bsrc\s*=/i.test(attributes))
    .map(([, , body = ""]) => cspHash(body));
}

/**
 * The web console's policy: scripts only from Vigie itself plus the inline scripts of its index.html
 * by hash (never 'unsafe-inline'); style sheets only from Vigie, style attributes allowed (React and
 * ECharts position elements with them; an attribute cannot run script).
 */
export function consolePolicy(scriptHashes: readonly string[]): string {
  return [
    ...DOCUMENT_DIRECTIVES,
    ["script-src 'self'", ...scriptHashes].join(" "),
    "script-src-attr 'none'",
    "style-src-elem 'self'",
    "style-src-attr 'unsafe-inline'",
  ].join("; ");
}

/** The API reference (Swagger UI): its own scripts, which inject style elements at run time. */
const REFERENCE_POLICY = [
  ...DOCUMENT_DIRECTIVES,
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join("; ");

/** Headers of HTML documents that do not set their own policy (the API reference). */
const DOCUMENT_HEADERS = {
  ...EVERY_ANSWER,
  "content-security-policy": REFERENCE_POLICY,
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "cache-control": "no-cache",
} as const;

const isDocument = (contentType: unknown) => String(contentType ?? "").startsWith("text/html");

/**
 * Sends the security headers on every answer (docs/OPERATIONS.md, "Security headers"): HTML documents
 * get a document policy, everything else is data (`no-store`, nothing allowed). A route may set its
 * own `Content-Security-Policy` or `Cache-Control` (the console's index.html and hashed assets do);
 * the frame, sniffing and referrer headers are never left to a route. Hijacked replies (SSE) send
 * `API_HEADERS` themselves.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_request, reply, payload) => {
    const headers = isDocument(reply.getHeader("content-type")) ? DOCUMENT_HEADERS : API_HEADERS;
    for (const [name, value] of Object.entries(headers)) {
      const routeMayChoose = name === "content-security-policy" || name === "cache-control";
      if (!routeMayChoose || !reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
}
