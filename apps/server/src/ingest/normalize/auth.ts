import { defineNormalizer, lookupEventType } from "./fields.ts";

const RESULT_EVENT_TYPES: Readonly<Record<string, string>> = {
  failure: "login_failure",
  failed: "login_failure",
  fail: "login_failure",
  success: "login_success",
  succeeded: "login_success",
  successful: "login_success",
};

/** Authentication attempts (sshd, VPN, SSO): method, result, why it failed, which service. */
export const authNormalizer = defineNormalizer(
  {
    auth_method: { kind: "text", aliases: ["method", "auth_type", "authentication_method"] },
    result: { kind: "text", aliases: ["outcome", "auth_result", "event.outcome"] },
    failure_reason: { kind: "text", aliases: ["reason", "failure", "error", "event.reason"] },
    service: { kind: "text", aliases: ["program", "app", "service.name"] },
  },
  (normalized) => lookupEventType(RESULT_EVENT_TYPES, normalized.result),
);
