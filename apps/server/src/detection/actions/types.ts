import type { Logger } from "pino";
import type { Alert } from "../../modules/alerts/alert-row.ts";

/** What every action may use: the logger and the SMTP settings of the configuration. */
export interface ActionContext {
  logger: Logger;
  smtp: { url: string | undefined; from: string };
}

/** Delivers one alert through one action's config; rejects when the delivery failed. */
export type ActionHandler = (
  alert: Alert,
  config: Record<string, unknown>,
  ctx: ActionContext,
) => Promise<void>;

/** A failure that retrying cannot fix (bad configuration, a refusal by the receiver): no more attempts. */
export class PermanentActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentActionError";
  }
}
