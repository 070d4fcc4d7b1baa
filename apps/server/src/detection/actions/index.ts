import type { RuleActionType } from "@vigie/contracts";
import { emailAction } from "./email.ts";
import { logAction } from "./log.ts";
import type { ActionHandler } from "./types.ts";
import { webhookAction } from "./webhook.ts";

/** The handler of each rule action type. */
export const actionHandlers: Record<RuleActionType, ActionHandler> = {
  log: logAction,
  email: emailAction,
  webhook: webhookAction,
};
