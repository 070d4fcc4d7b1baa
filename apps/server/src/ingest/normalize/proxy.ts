import { defineNormalizer } from "./fields.ts";

/** Web proxy requests (Squid, Suricata `http: {...}`, ECS): URL, method, status, agent, type, size. */
export const proxyNormalizer = defineNormalizer({
  url: { kind: "text", aliases: ["uri", "http.url", "url.full", "url.original", "request_url"] },
  method: {
    kind: "text",
    aliases: ["http_method", "http.http_method", "request_method", "http.request.method"],
  },
  status_code: {
    kind: "number",
    aliases: ["status", "http_status", "http.status", "response_code", "http.response.status_code"],
  },
  user_agent: {
    kind: "text",
    aliases: ["http_user_agent", "http.http_user_agent", "useragent", "user_agent.original"],
  },
  content_type: {
    kind: "text",
    aliases: ["http_content_type", "http.http_content_type", "mime_type", "content-type"],
  },
  bytes_transferred: {
    kind: "number",
    aliases: ["bytes", "http.length", "length", "size", "response_bytes"],
  },
});
