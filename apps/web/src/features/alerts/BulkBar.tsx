import { ALERT_STATUSES, type AlertStatus } from "@vigie/contracts";
import { useAssignees, useBulkAlertChange } from "../../api/alerts.ts";
import { ApiError } from "../../api/client.ts";
import type { BulkAlertResponse } from "../../api/types.ts";
import { useT } from "../../i18n/index.ts";
import { useAuthStore } from "../../stores/auth.ts";
import { BulkCaseActions } from "./BulkCaseActions.tsx";
import type { Selection } from "./selection.ts";

/** What the last bulk change did, in words: counts, and the first failure's reason. */
function Outcome({ result }: { result: BulkAlertResponse }) {
  const t = useT();
  const failure = result.results.find((r) => r.outcome === "failed");
  return (
    <span className={failure ? "text-red-700 dark:text-red-300" : "text-muted"}>
      {t("alerts.bulk.outcome", { updated: result.updated, unchanged: result.unchanged })}
      {failure && ` ${t("alerts.bulk.failed", { count: result.failed, message: failure.message })}`}
    </span>
  );
}

/**
 * The bar shown while alerts are ticked: assign them (to me, to someone, to nobody) or move them to a
 * status, in one API call each; the selection stays for the next change, with the outcome of the last.
 */
export function BulkBar({ selection }: { selection: Selection }) {
  const t = useT();
  const me = useAuthStore((s) => s.user?.id);
  const assignees = useAssignees();
  const bulk = useBulkAlertChange();
  const count = selection.ids.length;
  if (!count) return null;
  const apply = (change: { status?: AlertStatus; assignee_id?: string | null }) =>
    bulk.mutate({ ids: selection.ids, ...change });
  return (
    <section
      aria-label={t("alerts.bulk.region")}
      className="flex shrink-0 flex-wrap items-center gap-2 border-b border-line bg-accent/5 px-3 py-2 sm:px-5"
      data-testid="bulk-bar"
    >
      <span className="font-medium tabular-nums" data-testid="bulk-count">
        {t("alerts.bulk.selected", { count })}
      </span>
      <button
        type="button"
        className="vg-btn"
        disabled={!me || bulk.isPending}
        onClick={() => apply({ assignee_id: me })}
        data-testid="bulk-assign-me"
      >
        {t("alerts.assignToMe")}
      </button>
      <select
        aria-label={t("alerts.bulk.assign")}
        className="vg-input w-auto"
        disabled={bulk.isPending}
        value=""
        onChange={(e) => apply({ assignee_id: e.target.value === "-" ? null : e.target.value })}
        data-testid="bulk-assign"
      >
        <option value="">{t("alerts.bulk.assign")}</option>
        <option value="-">{t("alerts.assignee.nobody")}</option>
        {assignees.data?.map((user) => (
          <option key={user.id} value={user.id}>
            {user.username}
          </option>
        ))}
      </select>
      <select
        aria-label={t("alerts.bulk.status")}
        className="vg-input w-auto"
        disabled={bulk.isPending}
        value=""
        onChange={(e) => apply({ status: e.target.value as AlertStatus })}
        data-testid="bulk-status"
      >
        <option value="">{t("alerts.bulk.status")}</option>
        {ALERT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </select>
      <BulkCaseActions ids={selection.ids} />
      <button type="button" className="vg-btn" onClick={selection.clear}>
        {t("alerts.bulk.clear")}
      </button>
      <p role="status" className="min-w-0 basis-full text-[12.5px] sm:basis-auto" data-testid="bulk-outcome">
        {bulk.isPending && t("common.saving")}
        {bulk.data && !bulk.isPending && <Outcome result={bulk.data} />}
        {bulk.error instanceof ApiError && (
          <span className="text-red-700 dark:text-red-300">{bulk.error.body.message}</span>
        )}
      </p>
    </section>
  );
}
