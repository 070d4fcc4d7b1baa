import { defineNormalizer } from "./fields.ts";

/** Business application logs (practice management, web apps): which app did what to what, with what result. */
export const applicationNormalizer = defineNormalizer({
  app_name: { kind: "text", aliases: ["app", "application", "program", "service", "service.name"] },
  action: { kind: "text", aliases: ["operation", "activity", "event.action"] },
  resource: { kind: "text", aliases: ["path", "endpoint", "object", "target", "url"] },
  status_code: {
    kind: "number",
    aliases: ["status", "http_status", "response_code", "http.response.status_code"],
  },
});
