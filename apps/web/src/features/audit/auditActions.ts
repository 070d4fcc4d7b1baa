import { en, type MessageKey } from "../../i18n/en.ts";
import type { Translate } from "../../i18n/index.ts";

/**
 * Every action the server writes to the audit log (`<object>.<verb>`), each with its message key
 * `audit.action.<action>`; `auditActions.test.ts` checks the server's sources against this list.
 */
export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.login_failed",
  "user.registered",
  "user.profile_updated",
  "user.preferences_updated",
  "user.created",
  "user.role_changed",
  "user.deactivated",
  "user.activated",
  "user.deleted",
  "site.created",
  "site.updated",
  "site.deleted",
  "ingest_token.created",
  "ingest_token.revoked",
  "rule.created",
  "rule.updated",
  "rule.toggled",
  "rule.deleted",
  "rule_exception.created",
  "rule_exception.updated",
  "rule_exception.deleted",
  "indicators.imported",
  "indicators.deleted",
  "rules.sigma_imported",
  "rule_pack.installed",
  "sigma_pipeline.created",
  "sigma_pipeline.updated",
  "sigma_pipeline.deleted",
  "alert.status_changed",
  "alert.assigned",
  "alert.note_added",
  "asset.criticality_changed",
  "event.triaged",
  "events.exported",
  "attack.layer_exported",
  "case.created",
  "case.updated",
  "case.closed",
  "case.alerts_added",
  "case.alert_removed",
  "case.events_pinned",
  "case.event_unpinned",
  "case.note_added",
  "case.task_added",
  "case.task_deleted",
  "case.task_done",
  "case.task_reopened",
  "case.observable_added",
  "case.observable_deleted",
  "saved_search.created",
  "saved_search.updated",
  "saved_search.deleted",
  "scenario.started",
  "scenario.paused",
  "scenario.resumed",
  "scenario.stopped",
  "scenario.speed_changed",
] as const;

/** The message key of an action, or undefined for one this console does not know yet. */
function actionKey(action: string): MessageKey | undefined {
  const key = `audit.action.${action}`;
  return key in en ? (key as MessageKey) : undefined;
}

/** An action in the reader's language; an action unknown to this console shows as the server wrote it. */
export function auditActionLabel(t: Translate, action: string): string {
  const key = actionKey(action);
  return key ? t(key) : action;
}
