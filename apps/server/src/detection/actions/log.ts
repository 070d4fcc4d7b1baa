import type { ActionHandler } from "./types.ts";

/** Writes the alert as one structured log line. */
export const logAction: ActionHandler = async (alert, _config, { logger }) => {
  logger.warn(
    {
      alert_id: alert.id,
      rule_id: alert.rule_id,
      severity: alert.severity,
      group_value: alert.group_value,
      site_id: alert.site_id,
      matched_event_count: alert.matched_event_count,
    },
    `alert: ${alert.title}`,
  );
};
